// Multi-page build of the dashboard into the Python package, where `sitrep serve` finds it.
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const here = import.meta.dirname;

// `npm run dev`: the page routes of `sitrep serve` (/events/{id}, /documents) mapped to their HTML files.
const pageRoutes = {
  name: 'sitrep-page-routes',
  configureServer(server) {
    server.middlewares.use((req, _res, next) => {
      if (/^\/events\/[^/]+$/.test(req.url.split('?')[0])) req.url = '/event.html';
      else if (req.url.split('?')[0] === '/documents') req.url = req.url.replace('/documents', '/documents.html');
      next();
    });
  },
};

export default defineConfig({
  root: here,
  base: '/',
  plugins: [pageRoutes],
  // favicon.svg, copied to the build's root (the server serves root files by name)
  publicDir: 'public',
  build: {
    outDir: resolve(here, '../src/sitrep/static'),
    emptyOutDir: true,
    assetsDir: 'assets',
    // CSP has no 'unsafe-inline' and img-src allows data: only for images: keep every asset a file
    assetsInlineLimit: 0,
    // ES2020: Chromium/Firefox/Safari of the last few years; no legacy polyfills to ship
    target: 'es2020',
    rollupOptions: {
      input: {
        index: resolve(here, 'index.html'),
        event: resolve(here, 'event.html'),
        documents: resolve(here, 'documents.html'),
      },
    },
  },
  server: {
    // `npm run dev` against a running `sitrep serve` on :8000
    proxy: { '/api': 'http://127.0.0.1:8000' },
  },
});
