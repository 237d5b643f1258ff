// Everything the shell needs from the Istio feature, loaded lazily (the mesh
// engine, the composer, the mesh view): the first paint does not wait for it.
export { default as RequestPanel } from './RequestPanel.svelte';
export { default as MeshResults } from './MeshResults.svelte';
export { MeshSession } from './session.svelte';
export { meshPath, toMeshGraph, securityPicture, withSecurityLayer } from '../../view/mesh';
// go-to-definition resolves Istio hosts with the mesh engine: it comes with it
export { definitionsAt } from '../editor/definition';
