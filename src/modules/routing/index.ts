export { screenForEmergency, type EmergencyKind, type EmergencyScreening } from './emergency-screening';
export { createClassifier, type Classifier, type Classification, type ClassifiableLeaf } from './classifier';
export {
  matchRule,
  orderRules,
  categoryHasPrefix,
  type RoutingRule,
  type RoutableTicket,
  type RuleMatch,
  type DepartmentLookup,
} from './rule-matcher';
export {
  decideRoute,
  type RouteDecision,
  type RoutingContext,
  type RoutingCategory,
  type RoutingDepartment,
} from './route-decision';
export { createRoutingService, type RoutingService } from './routing.service';
export { createRoutingLearning, type RoutingLearning, type TrainingOutcome } from './routing-learning.service';
export { createRoutingLearningRepository, type RoutingLearningRepository, type StoredModel } from './routing-learning.repository';
export type { ModelOpinion } from './route-decision';
export { createRoutingRulesRepository, type RoutingRulesRepository } from './routing-rules.repository';
export { registerRoutingRuleRoutes } from './routing-rules.routes';
