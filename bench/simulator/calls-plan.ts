/** One citizen's call or request: where it comes in, what becomes of it, and the body that is sent. */
import { citizenPhone, emergencyTexts, invalidCallTexts, location, onTheSpotCalls, pickRoutable, unroutableTexts } from '../lib/calls';
import type { Random } from '../lib/stats';
import { behaviour, channelMix, onSpotShareOfPhone, otherFate, phoneFate, poolShareOfDispatched, urgencyMix } from './model';

export type Fate = 'answered' | 'dispatch' | 'emergency' | 'invalid';

export interface CallPlan {
  channel: string;
  fate: Fate;
  type: string;
  urgency: string;
  callbackConsent: boolean;
  body: Record<string, unknown>;
}

let externalRef = 0;

export function placeCall(rnd: Random): CallPlan {
  const channel = rnd.weighted(channelMix);
  const callbackConsent = rnd.next() >= behaviour.noCallbackConsent;
  const citizen = { name: rnd.pick(['张先生', '李女士', '王先生', '陈女士', '刘先生', '赵女士']), phone: citizenPhone(rnd), callbackConsent };
  const loc = location(rnd);

  if (channel === 'phone' && rnd.next() < onSpotShareOfPhone) {
    const c = rnd.pick(onTheSpotCalls);
    return {
      channel,
      fate: 'answered',
      type: 'consult',
      urgency: 'normal',
      callbackConsent,
      body: { line: '12345', channel, type: 'consult', description: c.text, citizen, answeredOnSpot: { answer: c.answer } },
    };
  }
  // 110 hand-overs are non-emergencies by definition; the 110 platform sends nothing invalid.
  const fate: Fate = channel === 'transfer' ? 'dispatch' : rnd.weighted(channel === 'phone' ? phoneFate : otherFate);
  const urgency = fate === 'dispatch' ? rnd.weighted(urgencyMix) : 'normal';
  let description: string;
  let type: string;
  let categoryCode: string | undefined;
  if (fate === 'dispatch' && rnd.next() >= poolShareOfDispatched) {
    const { template, text } = pickRoutable(rnd);
    description = `${text}。地址：${loc.address}`;
    type = template.type;
    // Operators pick the category during the call; other channels are classified by their words.
    if (channel === 'phone' || channel === 'wechat' || channel === 'email') categoryCode = template.category;
  } else {
    description = rnd.pick(fate === 'emergency' ? emergencyTexts : fate === 'invalid' ? invalidCallTexts : unroutableTexts);
    type = fate === 'dispatch' ? rnd.pick(['help', 'complaint'] as const) : 'help';
  }
  const line = channel === 'transfer' ? '110' : categoryCode?.startsWith('ENV') && channel === 'phone' && rnd.next() < 0.4 ? '12369' : '12345';
  const common = { line, type, description, ...(categoryCode && { categoryCode }), location: loc };
  if (channel === 'web') return { channel, fate, type, urgency: 'normal', callbackConsent, body: { ...common, citizen } };
  return {
    channel,
    fate,
    type,
    urgency,
    callbackConsent,
    body: { ...common, channel, urgency, citizen, ...(channel === 'transfer' && { externalRef: `110-${Date.now()}-${++externalRef}` }) },
  };
}
