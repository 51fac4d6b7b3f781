import { describe, expect, it } from 'vitest';
import { LOCALIZED_LANGUAGES, ROTATING_BUILDERS } from '../../bench/lib/notices-localized';
import { parseBounce } from '../../src/dsn';
import { noticeSuite } from './notice-suite';

/**
 * The cited replies of docs/vocabulary inside localized bounce notices (bench/lib/notices-localized.ts:
 * Exchange, Postfix with a translated bounce.cf, Exim with a bounce_message_file and Gmail, in French,
 * German, Spanish, Portuguese, Italian, Japanese, Chinese and Russian; text only, with a report, the
 * localized sentence alone; each reply in one language, rotating, where `npm run bench:dsn-variants` runs
 * every language): the report must find the recipient and say of it what the classifier says of
 * the bare reply. The rows below do not, for the reason named (the same rows and reasons as
 * test/dsn/notice-variants.test.ts, whose English notices they fail in too); the test fails when one of
 * them holds in every notice and when the number of changed emails grows.
 */
const KNOWN: Record<string, string[]> = {
  'the row stops where a DNSBL\'s name goes ("listed at"): with the words a notice writes after it, it reads as the blocklisting it is': ['mta.tsv:165', 'gateways-lang.tsv:221'],
  'a 5.7.x reply with "no such user" words in a notice that names no SMTP stage: the report takes its policy status over the words (context.ts byEvidence)': [
    'mta.tsv:205', 'providers.tsv:51', 'providers.tsv:330', 'gateways-lang.tsv:36', 'gateways-lang.tsv:153',
  ],
};
/** Emails that change what the bare reply says (all of them the known rows'): may only fall. */
const CEILING = 18;

noticeSuite({ title: `the cited vocabulary inside localized bounce notices (each reply in one of ${LOCALIZED_LANGUAGES.length} languages)`, builders: ROTATING_BUILDERS, known: KNOWN, ceiling: CEILING, minTried: 300 });

it('writes the localized notices in eight languages', () => {
  expect(LOCALIZED_LANGUAGES).toEqual(['fr', 'de', 'es', 'pt', 'it', 'ja', 'zh', 'ru']);
});

/**
 * A text-only notice whose only evidence is its own localized sentence (no reply, no code, no report):
 * Gmail's "Address not found" ("the address couldn't be found, or is unable to receive mail", support.google.com
 * answer 6596 in the sender's language), a full mailbox, a domain that does not exist, and the notice's generic
 * "could not be delivered". Read by the concept of the words: an unknown address or domain is hard, a full
 * mailbox soft; the generic words say a failure is certain and its cause is not (onhold) and never suppress.
 */
const SENTENCES: Record<string, Record<string, string>> = {
  notFound: {
    fr: "Votre message n'a pas été distribué à u@example.com, car l'adresse est introuvable ou ne peut pas recevoir d'e-mails.",
    de: 'Ihre Nachricht wurde nicht an u@example.com zugestellt, weil die Adresse nicht gefunden wurde oder keine E-Mails empfangen kann.',
    es: 'Tu mensaje no se ha entregado a u@example.com porque no se ha encontrado la dirección o no puede recibir correo.',
    pt: 'Sua mensagem não foi entregue a u@example.com porque o endereço não foi encontrado ou não pode receber e-mails.',
    it: "Il tuo messaggio non è stato recapitato a u@example.com perché l'indirizzo non è stato trovato o non può ricevere email.",
    ja: 'アドレスが見つからないか、メールを受信できないため、メッセージは u@example.com に配信されませんでした。',
    zh: '您的邮件未能送达 u@example.com，因为找不到该地址，或该地址无法接收邮件。',
    ru: 'Ваше сообщение не доставлено на адрес u@example.com, так как адрес не найден или не может принимать почту.',
  },
  full: {
    fr: "Votre message n'a pas pu être remis à u@example.com : la boîte aux lettres du destinataire est pleine.",
    de: 'Ihre Nachricht an u@example.com konnte nicht zugestellt werden: Das Postfach des Empfängers ist voll.',
    es: 'No se pudo entregar su mensaje a u@example.com: el buzón del destinatario está lleno.',
    pt: 'Não foi possível entregar a sua mensagem a u@example.com: a caixa de correio do destinatário está cheia.',
    it: 'Non è stato possibile recapitare il messaggio a u@example.com: la casella di posta del destinatario è piena.',
    ja: 'u@example.com へのメッセージを配信できませんでした。受信者のメールボックスがいっぱいです。',
    zh: '您发送给 u@example.com 的邮件无法投递：收件人的邮箱已满。',
    ru: 'Ваше сообщение для u@example.com не удалось доставить: почтовый ящик получателя переполнен.',
  },
  domain: {
    fr: "Votre message n'a pas pu être remis à u@example.com : le domaine example.com est introuvable.",
    de: 'Ihre Nachricht an u@example.com konnte nicht zugestellt werden: Die Domain example.com existiert nicht.',
    es: 'No se pudo entregar su mensaje a u@example.com: el dominio example.com no existe.',
    pt: 'Não foi possível entregar a sua mensagem a u@example.com: o domínio example.com não existe.',
    it: 'Non è stato possibile recapitare il messaggio a u@example.com: il dominio example.com non esiste.',
    ja: 'u@example.com へのメッセージを配信できませんでした。ドメイン example.com が見つかりません。',
    zh: '您发送给 u@example.com 的邮件无法投递：域名 example.com 不存在。',
    ru: 'Ваше сообщение для u@example.com не удалось доставить: домен example.com не существует.',
  },
  generic: {
    fr: "Votre message n'a pas pu être remis à u@example.com.",
    de: 'Ihre Nachricht an u@example.com konnte nicht zugestellt werden.',
    es: 'No se ha podido entregar su mensaje a u@example.com.',
    pt: 'Não foi possível entregar a sua mensagem a u@example.com.',
    it: 'Non è stato possibile recapitare il messaggio a u@example.com.',
    ja: 'u@example.com へのメッセージを配信できませんでした。',
    zh: '您发送给 u@example.com 的邮件无法投递。',
    ru: 'Ваше сообщение для u@example.com не удалось доставить.',
  },
};
const WANT: Record<string, { reason: string; bounce: string }> = {
  notFound: { reason: 'userunknown', bounce: 'hard' },
  full: { reason: 'mailboxfull', bounce: 'soft' },
  domain: { reason: 'hostunknown', bounce: 'hard' },
  generic: { reason: 'onhold', bounce: 'soft' },
};

function sentenceNotice(text: string): string {
  const head = ['From: Mail Delivery Subsystem <mailer-daemon@example.org>', 'To: sender@example.org', 'Subject: Delivery Status Notification (Failure)', 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit'];
  return [...head, '', text, ''].join('\n');
}

describe('a localized notice whose only evidence is its own sentence', () => {
  const cases = Object.entries(SENTENCES).flatMap(([concept, byLang]) => Object.entries(byLang).map(([lang, text]) => [concept, lang, text] as const));

  it.each(cases)('%s (%s)', (concept, _lang, text) => {
    const r = parseBounce(sentenceNotice(text)).recipients;
    expect(r.map((x) => x.recipient)).toEqual(['u@example.com']);
    expect({ reason: r[0].reason, bounce: r[0].bounce }).toEqual(WANT[concept]);
    if (concept === 'generic' || concept === 'full') expect(r[0].suppress).toBe(false);
  });
});
