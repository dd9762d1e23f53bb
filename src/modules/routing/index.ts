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
