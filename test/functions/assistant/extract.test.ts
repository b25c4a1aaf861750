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
