/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships its own wasm and data files; load it from node_modules rather than bundling.
  serverExternalPackages: ["@electric-sql/pglite"],
  typedRoutes: false,
  poweredByHeader: false,
};

export default nextConfig;
