import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // The shared package is TypeScript compiled to CommonJS inside the workspace; Next bundles it
  // like its own source instead of treating it as an external node module.
  transpilePackages: ['@ratusz/shared'],
  poweredByHeader: false,
};

export default nextConfig;
