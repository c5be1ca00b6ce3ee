import type { NextConfig } from "next";

export function privateRoutes(appDir?: string): string[];
declare const nextConfig: NextConfig;
export default nextConfig;
