import type { Request } from 'express';

// A survey link's token (sv_ + 43 characters) is the citizen's single-use key to their survey.
const SURVEY_TOKEN = /sv_[A-Za-z0-9_-]+/g;

/**
 * The path of a request as logs may keep it: no query string (the queue dashboard's `?token=`,
 * searches with a citizen's words) and no survey token, which would let anyone reading the logs
 * answer a citizen's survey.
 */
export function loggablePath(req: Pick<Request, 'baseUrl' | 'path'>): string {
  return `${req.baseUrl}${req.path}`.replace(SURVEY_TOKEN, 'sv_[redacted]');
}
