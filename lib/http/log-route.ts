// The path as logs may show it: a link's token is its secret, so /s/<token> becomes /s/[token].
export function logRoute(path: string): string {
  return path.replace(/^\/s\/[^/]+/, "/s/[token]");
}
