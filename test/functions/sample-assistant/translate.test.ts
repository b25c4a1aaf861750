import { describe, expect, it } from 'vitest';
import { ask } from './helpers';

describe('translate skill (sim.assistant-2024-11-20)', () => {
  it.each([
    ['Translate to French: Hello', 'Bonjour'],
    ['Translate to fr: Thank you very much!', 'Merci beaucoup!'],
    ['Translate to French: I need help with my invoice, please.', "J'ai besoin d'aide avec ma facture, s'il vous plaît."],
    ['Translate to French: Hello Anna, your order has been shipped.', 'Bonjour Anna, votre commande a été expédiée.'],
    ['Translate to Spanish: Where is my order?', '¿Dónde está mi pedido?'],
    ['Translate to es: Thank you for your order. Your order has been shipped and will arrive tomorrow.', 'Gracias por su pedido. Su pedido ha sido enviado y llegará mañana.'],
    ['Translate to German: Good morning, your refund has been processed.', 'Guten Morgen, Ihre Rückerstattung wurde bearbeitet.'],
    ['Translate to de: Your invoice is attached.', 'Ihre Rechnung ist beigefügt.'],
    ['Translate "Thank you" to German', 'Danke'],
  ])('%j -> %j', async (input, expected) => {
    // Act
    const output = await ask(input);

    // Assess
    expect(output).toBe(expected);
  });

  it('keeps names, ids and numbers as they are', async () => {
    // Act
    const output = await ask('Translate to French: Hello Priya, order ORD-482913 for $129.99 has been shipped.');

    // Assess
    expect(output).toContain('Priya');
    expect(output).toContain('ORD-482913');
    expect(output).toContain('$129.99');
    expect(output).toMatch(/^Bonjour/);
  });

  it.each(['Translate to Japanese: Hello', 'Translate to Klingon: Thank you'])('politely names the supported languages for %j', async (input) => {
    // Act
    const output = await ask(input);

    // Assess
    expect(output).toBe('Sorry, I can only translate into French, Spanish or German.');
  });
});
