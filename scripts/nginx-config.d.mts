export const NGINX_TEMPLATE: string;
export const DEFAULT_MAX_FILE_SIZE: number;
export function clientMaxBodySize(maxFileSize: number): string;
export function renderNginxConfig(values: Record<string, string | string[]>, template?: string): string;
export function deploymentValues(opts: {
  serverName: string;
  nodes: string[];
  maxFileSize?: number;
  certificate?: string;
  certificateKey?: string;
  listenHttp?: string[];
  listenHttps?: string[];
  accessLog?: string;
}): Record<string, string | string[]>;
