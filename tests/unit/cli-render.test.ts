import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { runCli } from '../../src/cli/cli';
import { memoryIO } from '../../src/cli/io';

const k8sDemo = readFileSync('scenarios/k8s-demo.yaml', 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'hopscope-render-'));

describe('render', { timeout: 30_000 }, () => {
	it('prints an SVG of the architecture view that names every pod', async () => {
		const io = memoryIO({ 'k8s-demo.yaml': k8sDemo });
		expect(await runCli(['render', 'k8s-demo.yaml'], io)).toBe(0);
		expect(io.stdout.startsWith('<?xml')).toBe(true);
		for (const n of ['client', 'k8s-demo-service', 'k8s-demo-deployment']) expect(io.stdout).toContain(`data-name="${n}`);
		expect(io.stdout.match(/data-kind="Pod"/g)?.length).toBe(4);
		expect(() => new Resvg(io.stdout, { font: { loadSystemFonts: false } })).not.toThrow();
	});

	it('draws the network view with devices inside nodes', async () => {
		const io = memoryIO({ 'k8s-demo.yaml': k8sDemo });
		expect(await runCli(['render', 'k8s-demo.yaml', '--view', 'network'], io)).toBe(0);
		expect(io.stdout).toMatch(/cni0/);
		expect(io.stdout).toMatch(/eth0/);
	});

	it('draws the mesh view of an Istio canary with its VirtualService, in the dark theme', async () => {
		const canary = readFileSync('scenarios/istio-canary-90-10.yaml', 'utf8');
		const io = memoryIO({ 'c.yaml': canary });
		expect(await runCli(['render', 'c.yaml', '--view', 'mesh', '--theme', 'dark'], io)).toBe(0);
		expect(io.stdout).toMatch(/data-kind="VirtualService"/);
		expect(io.stdout).toContain('fill="#151a21"'); // the dark canvas
		// the split's weights on its route edges, bold as on screen
		const weights = [...io.stdout.matchAll(/<text [^>]*font-weight="700"[^>]*data-edge-label="routes">(\d+%)<\/text>/g)].map((m) => m[1]);
		expect(weights.sort()).toEqual(['10%', '90%']);
	});

	it('writes a PNG with the PNG signature, at the SVG size times --scale', async () => {
		const out = join(dir, 'k8s.png');
		const svgIO = memoryIO({ 'k8s-demo.yaml': k8sDemo });
		await runCli(['render', 'k8s-demo.yaml'], svgIO);
		const [, w, h] = /width="(\d+)" height="(\d+)"/.exec(svgIO.stdout)!.map(Number);
		const io = memoryIO({ 'k8s-demo.yaml': k8sDemo });
		expect(await runCli(['render', 'k8s-demo.yaml', '--format', 'png', '--scale', '2', '--out', out], io)).toBe(0);
		const png = readFileSync(out);
		expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
		// IHDR: width and height, big-endian, at bytes 16 and 20
		expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([w * 2, h * 2]);
	});

	it('refuses bad options with status 2 and unreadable files with 1', async () => {
		const io = memoryIO({ 'a.yaml': k8sDemo });
		expect(await runCli(['render', 'a.yaml', '--view', 'map'], io)).toBe(2);
		expect(io.stderr).toContain("--view 'map' is not one of architecture, network, mesh");
		expect(await runCli(['render', 'a.yaml', '--format', 'png'], memoryIO({ 'a.yaml': k8sDemo }))).toBe(2);
		expect(await runCli(['render', 'missing.yaml'], memoryIO({}))).toBe(1);
	});
});
