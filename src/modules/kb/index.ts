export { createKbRepository, kbSearchText, type KbRepository } from './kb.repository';
export type { KnowledgeArticle } from './kb.schemas';
export { registerKbRoutes } from './kb.routes';
