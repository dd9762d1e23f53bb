/**
 * Shapes of the reference data shipped with the product (SPEC sections 3, 4, 6).
 * The data files in this folder export arrays of these; `src/reference-data.ts` upserts them by code,
 * so editing a file and restarting is enough to change the reference data.
 */

export const departmentKinds = [
  'centre', // the 12345 centre itself (HOTLINE)
  'bureau', // municipal functional bureau (SH-*)
  'district', // district government (GB/T 2260 code)
  'district_bureau', // a district's functional office (<district>-ENV, -CITY, -HOUSING)
  'street', // street or town (街镇), <district>-<nn>
  'external', // partner platform (EXT-110)
] as const;
export type DepartmentKind = (typeof departmentKinds)[number];

export interface DepartmentSeed {
  code: string;
  name: string; // Chinese name
  nameEn: string;
  kind: DepartmentKind;
  parentCode: string | null;
}

export interface CategorySeed {
  code: string; // stable, dotted by level: 'ENV', 'ENV.NOISE', 'ENV.NOISE.NIGHT_CONSTRUCTION'
  name: string; // Chinese
  nameEn: string;
  parentCode: string | null;
  keywords: string[]; // Chinese substrings that suggest this category (leaves mainly)
  /** Department that handles it when no routing rule says otherwise; leaves must have one. */
  defaultDepartmentCode: string | null;
  /**
   * True when the matter belongs to the district's office of that function (e.g. noise → <district>-ENV)
   * rather than to the municipal bureau: routing then replaces a municipal default by the district's
   * bureau when the ticket has a district.
   */
  districtFunction?: 'ENV' | 'CITY' | 'HOUSING';
}

export interface KnowledgeArticleSeed {
  slug: string; // stable key
  title: string;
  body: string; // the answer an operator reads out, Chinese
  keywords: string[];
  categoryCode: string | null;
}
