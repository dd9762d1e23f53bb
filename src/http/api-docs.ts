import express, { Router } from 'express';
import path from 'node:path';
import type { RouteSpec } from './api-router';
import { buildOpenApiDocument } from './openapi';

const swaggerUiDir = path.dirname(require.resolve('swagger-ui-dist/package.json'));
const { version } = require('../../../package.json') as { version: string };

const page = `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>12345 Hotline API</title>
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script></body>
</html>`;

/**
 * `/api/openapi.json` (generated once from the registered routes) and `/api/docs`, Swagger UI served
 * from node_modules: hotline centres often sit on networks without internet access.
 */
export function apiDocs(routes: readonly RouteSpec[]): Router {
  const document = buildOpenApiDocument(routes, version);
  const router = Router();
  router.get('/api/openapi.json', (_req, res) => {
    res.json(document);
  });
  router.get('/api/docs', (_req, res) => {
    res.type('html').send(page);
  });
  router.get('/api/docs/init.js', (_req, res) => {
    res.type('application/javascript').send(`window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui' });\n`);
  });
  router.use('/api/docs/assets', express.static(swaggerUiDir, { index: false }));
  return router;
}
