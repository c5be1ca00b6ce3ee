export const SERVER_NODE_FLAGS: string[];
export function productionServerArgs(root: string, nodeFlags?: string[]): string[];
