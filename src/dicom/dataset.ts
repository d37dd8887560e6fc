import type { Keyword } from './dictionary.js';

/** A value as the builders give it; the dictionary's VR decides how it is encoded. */
export type ElementValue = string | number | readonly (string | number)[] | Uint8Array | readonly Dataset[];

/**
 * A data set as our builders write it: keyword -> value, in any order (the encoder sorts by tag).
 * This is our own plain type so no library's object model leaks out of src/dicom (STYLE 7).
 */
export type Dataset = { readonly [K in Keyword]?: ElementValue };

/** A coded concept (PS3.3 Table 8.8-1, Code Sequence Macro) as one sequence item. */
export function codeItem(value: string, scheme: string, meaning: string): Dataset {
  return { CodeValue: value, CodingSchemeDesignator: scheme, CodeMeaning: meaning };
}
