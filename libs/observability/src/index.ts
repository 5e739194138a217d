export { ProblemException, validationProblem, notFoundProblem, problemType, PROBLEM_CONTENT_TYPE } from './problem';
export type { ProblemDetails, FieldProblem } from './problem';
export { ProblemDetailsFilter } from './problem.filter';
export { createValidationPipe } from './validation';
export { LoggingModule, REQUEST_ID_HEADER } from './logging.module';
export { MetricsModule, metricsRegistry, PUBLIC_ROUTE } from './metrics';
