import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';

// The studio serves the built designer from its classpath (META-INF/resources), so the build writes straight
// into the Maven module's output. `npm run dev` proxies the API, the live WebSockets and IAM to a running studio.
const studio = process.env.HETUMIND_STUDIO_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [vue()],
  build: {
    outDir: 'target/classes/META-INF/resources',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1024,
  },
  server: {
    proxy: {
      '/api': { target: studio, ws: true },
      '/ws': { target: studio, ws: true },
      '/iam': { target: studio },
      '/webhook': { target: studio },
      '/webhook-test': { target: studio },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
  },
});
