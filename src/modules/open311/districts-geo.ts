/**
 * Lat/long (WGS84) → Shanghai district, for Open311 requests that give a position only.
 *
 * APPROXIMATE, by nearest reference point: each district has its rough centroid, and the three whose
 * shape a single centroid serves badly have a few more points (Pudong stretches from Lujiazui, across
 * the river from the Bund, to the coast 50 km away; Jing'an runs from Nanjing Road far to the north
 * since it absorbed Zhabei; Chongming includes Changxing and Hengsha islands).
 * Near a district border the answer can be wrong by a street or two; the dispatcher corrects the rare
 * miss. Real boundaries (GIS polygons) can replace this table without changing the function below.
 * Codes are GB/T 2260 (SPEC section 4).
 */

export interface DistrictPoint {
  code: string;
  name: string;
  lat: number;
  lng: number;
}

export const districtPoints: readonly DistrictPoint[] = [
  { code: '310101', name: '黄浦区', lat: 31.225, lng: 121.485 },
  { code: '310104', name: '徐汇区', lat: 31.17, lng: 121.435 },
  { code: '310105', name: '长宁区', lat: 31.21, lng: 121.385 },
  { code: '310106', name: '静安区', lat: 31.265, lng: 121.45 },
  { code: '310106', name: '静安区（南京西路、静安寺）', lat: 31.232, lng: 121.455 },
  { code: '310107', name: '普陀区', lat: 31.255, lng: 121.405 },
  { code: '310109', name: '虹口区', lat: 31.275, lng: 121.49 },
  { code: '310110', name: '杨浦区', lat: 31.29, lng: 121.53 },
  { code: '310112', name: '闵行区', lat: 31.08, lng: 121.42 },
  { code: '310113', name: '宝山区', lat: 31.39, lng: 121.42 },
  { code: '310114', name: '嘉定区', lat: 31.35, lng: 121.25 },
  { code: '310115', name: '浦东新区', lat: 31.11, lng: 121.69 },
  { code: '310115', name: '浦东新区（陆家嘴）', lat: 31.235, lng: 121.51 },
  { code: '310115', name: '浦东新区（张江）', lat: 31.205, lng: 121.6 },
  { code: '310115', name: '浦东新区（金桥、外高桥）', lat: 31.3, lng: 121.6 },
  { code: '310115', name: '浦东新区（前滩、三林）', lat: 31.16, lng: 121.5 },
  { code: '310115', name: '浦东新区（惠南、临港）', lat: 30.95, lng: 121.8 },
  { code: '310116', name: '金山区', lat: 30.83, lng: 121.25 },
  { code: '310117', name: '松江区', lat: 31.03, lng: 121.23 },
  { code: '310118', name: '青浦区', lat: 31.15, lng: 121.1 },
  { code: '310120', name: '奉贤区', lat: 30.92, lng: 121.47 },
  { code: '310151', name: '崇明区', lat: 31.62, lng: 121.55 },
  { code: '310151', name: '崇明区（长兴岛）', lat: 31.385, lng: 121.72 },
  { code: '310151', name: '崇明区（横沙岛）', lat: 31.34, lng: 121.85 },
];

/** Shanghai's bounding box (30°40′–31°53′ N, 120°52′–122°12′ E), with a little margin. */
export const shanghaiBounds = { minLat: 30.66, maxLat: 31.9, minLng: 120.85, maxLng: 122.22 } as const;

export function insideShanghaiBounds(lat: number, lng: number): boolean {
  const b = shanghaiBounds;
  return lat >= b.minLat && lat <= b.maxLat && lng >= b.minLng && lng <= b.maxLng;
}

/**
 * The GB/T code of the district whose reference point is nearest, or null outside the bounding box.
 * Inside the box but outside Shanghai (a corner of Kunshan, say) still yields the nearest district.
 */
export function districtForPosition(lat: number, lng: number): string | null {
  if (!insideShanghaiBounds(lat, lng)) return null;
  // Equirectangular distance: exact enough across 150 km, and only the order matters.
  const cosLat = Math.cos((lat * Math.PI) / 180);
  let best: DistrictPoint = districtPoints[0];
  let bestDistance = Infinity;
  for (const p of districtPoints) {
    const distance = (p.lat - lat) ** 2 + ((p.lng - lng) * cosLat) ** 2;
    if (distance < bestDistance) {
      best = p;
      bestDistance = distance;
    }
  }
  return best.code;
}
