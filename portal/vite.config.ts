import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// The gateway serves dist/ at / (same origin as /api). `npm run dev` proxies /api to a running gateway.
export default defineConfig({
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 1200 },
  server: { proxy: { "/api": process.env.RCM_GATEWAY ?? "http://127.0.0.1:5080" } },
  test: { environment: "node", include: ["src/**/*.test.ts"] },
});
