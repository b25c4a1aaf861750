import { describe, expect, it } from 'vitest';
import { ask } from './helpers';

const parse = async (input: string): Promise<Record<string, unknown>> => JSON.parse(await ask(input)) as Record<string, unknown>;

describe('extract skill (sim.assistant-2024-11-20)', () => {
  it('extracts the entities it finds', async () => {
    // Act
    const output = await ask("Extract JSON: Bob's customer id is c123");

    // Assess
    expect(JSON.parse(output)).toEqual({ name: 'Bob', customer_id: 'c123' });
    expect(output.trim().startsWith('{')).toBe(true);
  });

  it('uses exactly the requested keys, null when absent', async () => {
    // Act
    const record = await parse('Extract name, email and order_id as JSON: Hi, I am Sarah Lee and I need help.');

    // Assess
    expect(record).toEqual({ name: 'Sarah Lee', email: null, order_id: null });
  });

  it.each([
    ['Extract name, email and order_id as JSON: Hi, I am Sarah Lee (sarah.lee@acme.io), order ORD-482913 is late.', { name: 'Sarah Lee', email: 'sarah.lee@acme.io', order_id: 'ORD-482913' }],
    ['Extract order_id and amount as JSON: Order #48213 was charged $129.99 on March 3, 2025.', { order_id: '48213', amount: 129.99 }],
    ['Extract amount and currency as JSON: The invoice total is €1,250.50.', { amount: 1250.5, currency: 'EUR' }],
    ["Extract the customer's name, phone number and company as JSON: Call Priya Nair at (555) 013-4477, she works at Initech Labs.", { name: 'Priya Nair', phone_number: '(555) 013-4477', company: 'Initech Labs' }],
    ['Extract customer_id and date as JSON: Account C-4821 renewed on 15 January 2025.', { customer_id: 'C-4821', date: '2025-01-15' }],
    ['Extract customer_id and product as JSON: customer CUST-00912, product: Lumen Team', { customer_id: 'CUST-00912', product: 'Lumen Team' }],
  ])('extracts %j', async (input, expected) => {
    // Act
    const record = await parse(input);

    // Assess
    expect(record).toEqual(expected);
  });

  it.each([
    // companies: a suffix, joined names, a possessive, a role "at X", an introduction "from X", a signature
    ['Extract JSON: Meeting notes from Brightline Analytics: call Omar Reyes at +1 212 555 0188.', { name: 'Omar Reyes', phone: '+1 212 555 0188', company: 'Brightline Analytics' }],
    ['Extract JSON: Invoice for Baker & Stone Partners, total €900.', { amount: 900, company: 'Baker & Stone Partners' }],
    ["Extract JSON: Wayne Robotics's order ORD-123456 shipped on 2025-04-03.", { order_id: 'ORD-123456', date: '2025-04-03', company: 'Wayne Robotics' }],
    ["Extract JSON: Hi, I'm the finance lead at Brightwave and my email is ana@brightwave.io", { email: 'ana@brightwave.io', company: 'Brightwave' }],
    ['Extract JSON: This is Leo Park from Northwind, please call me on +44 161 555 0100.', { name: 'Leo Park', phone: '+44 161 555 0100', company: 'Northwind' }],
    ['Extract JSON: See you soon.\nKind regards,\nMarta Silva\nCustomer Success Manager\nBlue Harbor Foods', { name: 'Marta Silva', company: 'Blue Harbor Foods' }],
    // a casual introduction, and a capitalised word after a work verb that is no company
    ['Extract JSON: hi its Priya - my order #55120 never arrived', { name: 'Priya', order_id: '55120' }],
    ['Extract JSON: I work at my desk all day and my email is jo@example.com', { email: 'jo@example.com' }],
  ])('finds the people and companies in %j', async (input, expected) => {
    // Act
    const record = await parse(input);

    // Assess
    expect(record).toEqual(expected);
  });

  it('reads listed keys that no entity finder knows from how the text talks about them', async () => {
    // Act
    const record = await parse('Extract plan, seats and ticket_number as JSON: Please downgrade us to the Starter plan with 8 seats, see ticket TCK-4410.');

    // Assess
    expect(record).toEqual({ plan: 'Starter', seats: 8, ticket_number: 'TCK-4410' });
  });

  it('finds every default entity in a full message', async () => {
    // Act
    const record = await parse(
      'Extract JSON: Hello, my name is Dana Whitfield from Globex Corp. Customer ID: CUST-00912. Order ORD-774512 ' +
        'for $89.00 on 2025-02-11. Reach me at dana@globex.com or +1 415 555 0199.',
    );

    // Assess
    expect(record).toEqual({
      name: 'Dana Whitfield',
      customer_id: 'CUST-00912',
      email: 'dana@globex.com',
      phone: '+1 415 555 0199',
      order_id: 'ORD-774512',
      amount: 89,
      date: '2025-02-11',
      company: 'Globex Corp',
    });
  });

  it('never extracts a full card number, only its last 4 digits', async () => {
    // Act
    const output = await ask('Extract name and card_number as JSON: name: John Doe, card 4242 4242 4242 4242');

    // Assess
    expect(output).not.toMatch(/4242 4242/);
    expect(JSON.parse(output)).toEqual({ name: 'John Doe', card_last4: '4242' });
  });
});
