export { createKbRepository, kbSearchText, type KbRepository, type KnowledgeArticle } from './kb.repository';
export { registerKbRoutes } from './kb.routes';
