import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The app is served by the Hearken process from web/dist; `npm run dev:web` proxies the API to a
// running `hearken serve` on port 3000.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: 'hidden', target: 'es2022' },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
