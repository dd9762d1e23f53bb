import path from 'node:path';
import vue from '@vitejs/plugin-vue';
import Components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';
import { defineConfig } from 'vite';

const root = import.meta.dirname;
// The API server the dev server proxies to (`npm run dev:web` beside a running `npm start`).
const api = process.env.HOTLINE_API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root,
  publicDir: 'static',
  plugins: [
    vue(),
    // Element Plus components (and their CSS) are imported where a template uses them, so the
    // citizen and survey pages carry only the few they need.
    Components({ resolvers: [ElementPlusResolver()], dts: false }),
  ],
  build: {
    outDir: path.join(root, '..', 'dist', 'public'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
  },
  server: {
    proxy: {
      '/api': api,
      '/open311': api,
      '/admin/queues': api,
      '/socket.io': { target: api, ws: true },
    },
  },
});
