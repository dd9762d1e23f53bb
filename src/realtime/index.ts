export { attachLiveServer, type LiveServerDeps } from './live-server';
export { createLivePublisher, type LivePublisher } from './live-publisher';
export * from './live-events';
