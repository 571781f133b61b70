// Records what public callers receive from the test APIs, for the suite-wide privacy scan.
import { recordPublicFetchResponses } from './public-responses';

recordPublicFetchResponses();
