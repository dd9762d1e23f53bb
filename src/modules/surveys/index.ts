export { createSurveysRepository, type SurveysRepository } from './surveys.repository';
export { createSurveysService, type SurveysService } from './surveys.service';
export { createSurveyObserver } from './survey-observer';
export { registerSurveyRoutes } from './surveys.routes';
export type { SurveyView } from './survey-view';
