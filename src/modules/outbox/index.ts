export { createOutboxRepository, type OutboxRepository, type OutboxMessage } from './outbox.repository';
export { createOutboxPublisher, outboxIdOfJob, outboxTopics, type OutboxPublisher, type OutboxTopic } from './outbox-publisher';
