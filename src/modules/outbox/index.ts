export { createOutboxRepository, type OutboxRepository, type OutboxMessage } from './outbox.repository';
export { createOutboxPublisher, outboxTopics, type OutboxPublisher, type OutboxTopic } from './outbox-publisher';
