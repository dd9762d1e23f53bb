/**
 * The starter dispatch catalogue (派单目录). Rules are tried in order; the first match names the
 * department. `{district}` stands for the ticket's district code, with the fallback used when the
 * ticket has none. Loaded only when missing, since admins maintain the catalogue.
 */
export interface RoutingRuleSeed {
  name: string;
  line?: '12345' | '12369' | '110';
  channel?: string;
  categoryPrefix?: string;
  districtCode?: string;
  keywords?: string[];
  departmentCode: string;
  fallbackDepartmentCode?: string;
}

export const routingRules: RoutingRuleSeed[] = [
  // Since the merger, 12369 calls are environmental complaints for the district's bureau.
  { name: '12369 to the district environment bureau', line: '12369', departmentCode: '{district}-ENV', fallbackDepartmentCode: 'SH-ENV' },
  { name: 'Environmental complaints to the district', categoryPrefix: 'ENV', departmentCode: '{district}-ENV', fallbackDepartmentCode: 'SH-ENV' },
  { name: 'Group rentals to the district housing office', keywords: ['群租'], departmentCode: '{district}-HOUSING', fallbackDepartmentCode: 'SH-HOUSING' },
  { name: 'Unpaid wages to human resources', keywords: ['欠薪', '拖欠工资', '讨薪'], departmentCode: 'SH-HRSS' },
];
