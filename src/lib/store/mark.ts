// The first line of a workspace exported as one YAML file (store/transfer):
// a drop is told apart by it without loading the transfer module.
export const WORKSPACE_YAML_MARK = '# hopscope-workspace: ';
