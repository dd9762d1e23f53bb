/**
 * The extra questions (GeoReport v2 "attributes") some services ask. Data only: a rule applies to
 * the category with that code and to every category below it. A service with attributes is listed
 * with metadata=true, so clients fetch its definition before posting.
 *
 * Bump ATTRIBUTES_CHANGESET whenever this table changes: it is the discovery `changeset`, the
 * signal for Open311 clients to refresh their cached service definitions.
 */
export const ATTRIBUTES_CHANGESET = '2026-11-28 00:00';

export const attributeDatatypes = ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] as const;
export type AttributeDatatype = (typeof attributeDatatypes)[number];

export interface ServiceAttribute {
  code: string;
  /** A short label for the answer where a person reads it (the ticket's description); not sent to clients. */
  label: string;
  datatype: AttributeDatatype;
  required: boolean;
  description: string;
  datatypeDescription?: string;
  /** The options of a singlevaluelist or multivaluelist. */
  values?: { key: string; name: string }[];
}

interface AttributeRule {
  appliesTo: string;
  attributes: ServiceAttribute[];
}

const rules: AttributeRule[] = [
  {
    appliesTo: 'ENV.NOISE',
    attributes: [
      {
        code: 'time_of_day',
        label: '噪声时段',
        datatype: 'singlevaluelist',
        required: true,
        description: '噪声主要出现在什么时段？（夜间噪声的执法标准更严）',
        values: [
          { key: 'day', name: '昼间（06:00–22:00）' },
          { key: 'night', name: '夜间（22:00–次日06:00）' },
          { key: 'all_day', name: '全天' },
        ],
      },
      {
        code: 'frequency',
        label: '出现频率',
        datatype: 'singlevaluelist',
        required: false,
        description: '噪声是偶发还是持续反复出现？',
        values: [
          { key: 'once', name: '偶发' },
          { key: 'recurring', name: '反复出现' },
        ],
      },
    ],
  },
  {
    appliesTo: 'TRANSPORT.ROAD.POTHOLE',
    attributes: [
      {
        code: 'hazard',
        label: '影响程度',
        datatype: 'singlevaluelist',
        required: false,
        description: '破损对通行的影响',
        values: [
          { key: 'minor', name: '影响较小' },
          { key: 'blocking', name: '影响车辆或行人通行' },
          { key: 'danger', name: '已造成或可能造成人员受伤' },
        ],
      },
    ],
  },
  {
    appliesTo: 'TRANSPORT.ROAD.STREETLIGHT',
    attributes: [
      { code: 'pole_number', label: '灯杆编号', datatype: 'string', required: false, description: '灯杆上的编号（如有）' },
      { code: 'lights_out', label: '不亮路灯数', datatype: 'number', required: false, description: '不亮的路灯数量', datatypeDescription: '整数' },
    ],
  },
  {
    appliesTo: 'UTILITIES.WATER_OUTAGE',
    attributes: [
      {
        code: 'since',
        label: '开始时间',
        datatype: 'datetime',
        required: false,
        description: '停水或水压低从什么时候开始？',
        datatypeDescription: 'ISO 8601，例如 2026-11-28T07:30:00+08:00',
      },
      {
        code: 'scope',
        label: '影响范围',
        datatype: 'singlevaluelist',
        required: true,
        description: '影响范围',
        values: [
          { key: 'home', name: '仅本户' },
          { key: 'building', name: '整栋楼' },
          { key: 'neighbourhood', name: '整个小区或更大范围' },
        ],
      },
    ],
  },
  {
    appliesTo: 'TRANSPORT.SHARED_BIKES',
    attributes: [
      {
        code: 'operators',
        label: '涉及企业',
        datatype: 'multivaluelist',
        required: false,
        description: '涉及哪些共享单车企业？',
        values: [
          { key: 'meituan', name: '美团单车' },
          { key: 'hellobike', name: '哈啰单车' },
          { key: 'didi', name: '青桔单车' },
        ],
      },
    ],
  },
];

const appliesTo = (rule: AttributeRule, code: string) => code === rule.appliesTo || code.startsWith(`${rule.appliesTo}.`);

/** The attributes a service asks for, in the order they are presented (order = index + 1). */
export function attributesFor(serviceCode: string): ServiceAttribute[] {
  return rules.filter((r) => appliesTo(r, serviceCode)).flatMap((r) => r.attributes);
}
