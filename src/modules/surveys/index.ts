export { createSurveysRepository, type SurveysRepository, type SurveyRow } from './surveys.repository';
export { createSurveysService, surveyWorker, surveyLink, type SurveysService } from './surveys.service';
export { createSurveyObserver } from './survey-observer';
export { registerSurveyRoutes } from './surveys.routes';
export type { SurveyView } from './survey-view';
