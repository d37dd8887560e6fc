import { fileURLToPath } from 'node:url';

/** The shipped model card (models/ugbnet-lite.json); the same relative path holds from src/ and dist/. */
export const DEFAULT_MODEL = fileURLToPath(new URL('../../models/ugbnet-lite.json', import.meta.url));
