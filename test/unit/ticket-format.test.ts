import { expect } from 'chai';
import { maskPhone } from '../../src/modules/tickets';
import { formatTicketNo } from '../../src/modules/tickets/ticket-number';

describe('ticket numbers and phone masking', () => {
  it('when a ticket is the 123rd of 2017-03-20, then its number is 20170320-000123', () => {
    expect(formatTicketNo('2017-03-20', 123)).to.equal('20170320-000123');
  });

  it('then numbers sort by time as strings', () => {
    const numbers = [formatTicketNo('2017-03-21', 1), formatTicketNo('2017-03-20', 99999), formatTicketNo('2017-03-20', 2)];
    expect([...numbers].sort()).to.deep.equal([formatTicketNo('2017-03-20', 2), formatTicketNo('2017-03-20', 99999), formatTicketNo('2017-03-21', 1)]);
  });

  it('when a mobile number is masked, then only the first 3 and last 4 digits show', () => {
    expect(maskPhone('13800000000')).to.equal('138****0000');
  });

  it('when a short landline is masked, then the middle is hidden', () => {
    expect(maskPhone('64123456')).to.equal('641*3456');
  });
});
