export { createOpen311Router, type Open311RouterDeps } from './open311.routes';
export { districtForPosition, insideShanghaiBounds } from './districts-geo';
