/**
 * The vocabulary of delivery notices themselves: what an MTA, gateway or list manager writes around
 * the remote reply (its subject, its introduction, the sentence next to an address). Two questions:
 *
 * - timing: is the notice a warning that delivery is still being tried, a report that the MTA gave
 *   up because the message outlived its queue, or a statement that the failure is permanent?
 * - cause: for the concepts the notices of localised MTAs, Japanese and Chinese services and gateways
 *   state in their own words (host not found, mailbox full, message too large, virus, spam, relay
 *   denied), which reason.
 *
 * Used only where the remote reply itself told the classifier nothing (see context.ts): the shared
 * rules in src/classify read replies; these read notices. Patterns are written by concept (subject,
 * negation, noun in either order) in en fr de es pt it ja zh ru, the languages' plain forms, lower
 * case (texts are lower-cased before matching); each set names the notices its English forms come from.
 */
import type { Reason } from '../classify/types';
import { literalScreen } from '../classify/literals';

export type Timing = 'delayed' | 'expired' | 'permanent';

/**
 * Still being retried: a warning, not a failure.
 * source = Postfix bounce_template.c delay template ("THIS IS A WARNING ONLY.  YOU DO NOT NEED TO
 * RESEND YOUR MESSAGE.", "It will be retried until it is %d day(s) old"); Sendmail savemail.c ("THIS
 * IS A WARNING MESSAGE ONLY", "Will keep trying until message is %s old", queue.c "Warning: could not
 * send message for past %s"); Exim deliver.c delay warning ("has not yet been delivered", "Delivery
 * attempts will continue"); Exchange delay DSN ("Delivery is delayed to these recipients or groups",
 * "hasn't been delivered yet", its subject "Delivery delayed:"); Gmail ("Gmail will retry for N more hours", "Delivery incomplete"); masqmail's
 * warning in its four languages (tpl/warnmsg.tpl*: "could not yet be delivered", "has been defered", "will be
 * tried again"; "a été différée", "D'autres tentatives d'envoi vont être effectuées"; "noch nicht an alle
 * Empfänger zugestellt"; "e' stato ritardato", "verra' ritentata"); the same warning in the languages of
 * translated Postfix bounce.cf delay templates (bounce(5): "perhaps to add non-English text") and of
 * Exchange's localized delay DSNs: "only a warning" (nur eine Warnung, solo una advertencia, apenas um aviso,
 * solo un avviso, 警告のみ, 只是一个警告, только предупреждение), "no need to resend", "attempts will continue";
 * Gmail's delay notice in the sender's language ("Gmail will retry for 46 more hours": réessaiera, versucht es
 * noch, volverá a intentarlo, tentará novamente, riproverà, 再試行します, 将...重试, будет повторять попытки) and
 * its subject, which it keeps in English ("Delivery Status Notification (Delay)"); "not yet delivered" and "delivery
 * attempts will continue" in the same languages (Exim's delay warning, deliver.c, as a warn_message_file translates
 * it; Exchange's localized "This message hasn't been delivered yet").
 * A negated retry ("no volverá a intentar", "ne réessaiera pas", "non riproverà", "não tentará novamente",
 * "将不再重试", "不会继续尝试", "не будет повторять попытки") is a final notice's word, as "will not retry" is in
 * English; "nicht erneut senden" is a warning only where there is no need to ("müssen/brauchen ... nicht"),
 * not where it asks not to resend, as a failure notice may.
 */
const DELAYED_RE = new RegExp(
  [
    String.raw`warning (?:message )?only|do not need to resend|not yet (?:been |be )?delivered|(?:has not|hasn't|have not) been delivered yet`,
    String.raw`will (?:be )?retr(?:y|ied)|will be tried again|will keep trying|(?:delivery )?attempts? will continue|will continue to (?:try|attempt)|still (?:being )?(?:retried|trying)`,
    String.raw`warning: could not (?:yet )?send|delivery (?:is |has been |was )?delayed|(?:has|have) been (?:delayed|deferr?ed)|delivery incomplete|message delayed|delayed mail`,
    String.raw`(?:remise|expédition|envoi|distribution) [^.]{0,60}?(?:a été |est )?(?:retardée|différée)|(?:une )?nouvelle tentative (?:sera|aura)|(?:nouvelles|d'autres) tentatives (?:d'envoi )?(?:seront|auront|vont)|zustellung (?:ist |wurde )?verzögert|wird (?:weiter(?:hin)? |erneut )?versucht|noch nicht [^.]{0,40}?zugestellt|entrega (?:ha sido |fue )?(?:retrasada|demorada)|(?<!\bno )se (?:seguirá|volverá a) intent|entrega (?:foi )?atrasada|consegna (?:è )?ritardata|(?:è|e') stat[oa] ritardat[oa]|(?<!non )verr(?:à|a') ritentat[oa]`,
    String.raw`配信(?:が)?遅延|再送(?:を試み|します|されます)|延迟投递|投递延迟|延遲投遞|доставка задерживается|задержан`,
    String.raw`(?:seulement|uniquement|simplement) un avertissement|un avertissement (?:seulement|uniquement)|nur eine warnung|(?:solo|sólo) (?:es )?una advertencia|apenas um aviso|solo un avviso`,
    String.raw`pas (?:besoin de|à|a) renvoyer|(?:müssen|brauchen)[^.]{0,40}nicht erneut (?:zu )?senden|no (?:necesita|es necesario|hace falta) (?:reenviar|volver a enviar)|não (?:é necessário|precisa) reenviar|non è necessario (?:reinviare|rispedire)`,
    String.raw`(?:novas|outras) tentativas (?:serão|vão)|(?<!não )continuar(?:á|emos) tentando`,
    String.raw`pas encore (?:été )?(?:remis|distribué|livré)|(?:aún|todavía) no se ha entregado|ainda não foi entregue|non (?:è|e') ancora stat[oa] (?:recapitat|consegnat)[oa]|まだ[^。]{0,30}配信されていません|(?:尚未|仍未|还未)被?(?:投递|传递|送达|投遞|傳遞)|(?:ещё|еще) не доставлен`,
    String.raw`tentatives de (?:remise|distribution) (?:se poursuivront|continueront)|intentos de entrega continuarán|tentativas de entrega continuarão|tentativi di recapito continueranno`,
    String.raw`status notification \(delay\)|(?<!\bne )r(?:é|e)ess(?:aiera|ayera)|versucht es (?:noch|erneut|weiter)|(?<!\bno (?:se )?)volverá a intentar|(?<!não )tentará (?:novamente|de novo)|(?<!non )(?:riproverà|ritenterà)|再試行(?:します|されます)|(?:将|將)[^。不]{0,20}(?:重试|重試)|(?<!не )будет повторять попытк`,
    String.raw`警告のみ|再送(?:信)?する必要はありません|(?:只是|仅为|僅為)(?:一个|一個)?警告|(?:无需|不需要|無需)重新(?:发送|發送)|(?<!不)(?:将|將|会|會)(?:继续|繼續)(?:尝试|嘗試|重试|重試)|только предупреждение|(?:не нужно|не требуется) повторно отправлять|попытки доставки будут продолжаться`,
  ].join('|'),
);

/**
 * The literals every alternative of DELAYED_RE holds, tried first: most texts hold none, and an all-literal test
 * is much cheaper than DELAYED_RE, whose alternatives start with no common character. Two characters, for
 * the Chinese and Japanese words.
 */
const DELAYED_WORD_RE = literalScreen([DELAYED_RE], 2);

/** Whether a lower-cased text says that delivery is still being tried. */
function delayed(text: string): boolean {
  return (DELAYED_WORD_RE === null || DELAYED_WORD_RE.test(text)) && DELAYED_RE.test(text);
}

/**
 * Gave up after retrying for the queue's lifetime: the failure is the expiry.
 * source = Sendmail queue.c ("Cannot send message for %s", "delivery time expired"), deliver.c
 * ("Message could not be delivered for %s"); qmail-send.c ("this message has been in the queue too
 * long"); Exim retry.c ("retry timeout exceeded") and smtp.c ("all hosts have been failing for a long
 * time", "retry time not reached for any host after a long failure period"); OpenSMTPD queue.c
 * ("Envelope expired"); Exchange 4.4.7 NDRs ("Message expired", "could not deliver the message in the
 * time limit specified", Exchange 2007's "has been trying to deliver this message without success and
 * has stopped trying"); Netscape/iPlanet and Sun/Oracle Messaging Server ("Your message was not
 * delivered within N days and N hours", "unable to deliver this message after 1 day"); the plain
 * "after N attempts / multiple retries" of many notices; uniroma3.it's Italian NDR list ("tempo di
 * consegna scaduto", docs/vocabulary/gateways-lang.tsv).
 */
const EXPIRED_RE = new RegExp(
  [
    String.raw`(?:without success and )?has stopped trying|cannot send (?:this )?message for \d|(?:could not be|was not|has not been) delivered (?:for|within) (?:the last )?\d|in the queue too long|retry (?:timeout|time) exceeded|failing for a long time|after a long failure period`,
    String.raw`(?:delivery|message|envelope|queue) (?:time |lifetime )?(?:has )?expired|expired in (?:the )?queue|time limit (?:specified|exceeded)|maximum (?:queue )?(?:time|lifetime)|gave up (?:after|on)|too long in (?:the )?queue|(?:after|in) (?:multiple|several|repeated|\d+) (?:delivery )?(?:retries|attempts)|(?:delivered|deliver (?:this|the) message) after \d+ (?:day|hour)s?`,
    String.raw`(?:message|délai)[^.]{0,30} (?:a )?expiré|délai de (?:remise|distribution) (?:dépassé|expiré)|zustell(?:ungs)?(?:zeit|frist)[^.]{0,20}(?:überschritten|abgelaufen)|nachricht ist abgelaufen|(?:mensaje|tiempo de entrega) (?:ha )?(?:caducado|expirado)|mensagem expirou|prazo de entrega (?:expirou|excedido)|tempo di consegna scaduto`,
    String.raw`配信期限|有効期限(?:が)?切れ|期限切れ|投递超时|投遞超時|срок (?:доставки |хранения )?(?:истек|истёк)`,
  ].join('|'),
);

/**
 * The MTA says the failure is final.
 * source = Sendmail savemail.c ("The following addresses had permanent fatal errors"); qmail-send.c
 * and Apache James ("This is a permanent error; I've given up"); Exim deliver.c ("This is a permanent
 * error"); Gmail ("failed permanently"); Exchange 2007+ ("Microsoft Exchange will not try to redeliver
 * this message for you"); MDaemon ("PERMANENT fatal delivery errors", Sympa's catalogue
 * of bounce formats, Sympa/Spindle/ProcessBounce.pm).
 */
const PERMANENT_RE = new RegExp(
  [
    String.raw`permanent(?:ly)? (?:fatal |delivery )?(?:error|failure|failed)|failed permanently|fatal (?:delivery )?errors?|i've given up|i have given up|will not (?:try to )?(?:redeliver|retry)`,
    String.raw`erreur permanente|échec (?:permanent|définitif)|(?:permanenter|dauerhafter|endgültiger) fehler|error permanente|erro permanente|errore permanente`,
    String.raw`恒久的(?:な)?エラー|永続的(?:な)?エラー|永久性(?:错误|錯誤|失败)|постоянн\S* ошибк`,
  ].join('|'),
);

/**
 * What the notice says of the delivery's course: a delay warning first (Postfix's warning says
 * "could not be delivered for more than 4 hours" and then that it will be retried), then expiry,
 * then permanence. Null when it says none of these.
 */
export function noticeTiming(texts: readonly string[]): Timing | null {
  let found: Timing | null = null;
  for (const raw of texts) {
    // Lower-cased once: the patterns are, and a case-insensitive match of non-ASCII letters is slow.
    const text = raw.toLowerCase();
    if (delayed(text)) return 'delayed';
    if (found !== 'expired' && EXPIRED_RE.test(text)) found = 'expired';
    else if (found === null && PERMANENT_RE.test(text)) found = 'permanent';
  }
  return found;
}

/** Whether any of the texts warns that delivery is still being tried (noticeTiming's first question alone). */
export function saysDelayed(texts: readonly string[]): boolean {
  return texts.some((t) => delayed(t.toLowerCase()));
}

interface Cause {
  id: string;
  reason: Reason;
  re: RegExp;
}

/**
 * Causes as notices word them, where the shared reply rules have no such word set (their English and
 * most Latin forms are there already). Order: the most specific first; a mailbox that "exceeds its
 * size" is full before a message that exceeds one is too large.
 */
const CAUSES: Cause[] = [
  {
    // source = Symantec, Sophos, Trend Micro InterScan and McAfee gateway notices ("virus",
    // "infected"); m-FILTER and Japanese ISPs' notices ("ウイルス"); Chinese providers' help pages
    // (emailhost.com.cn "病毒"); Mail.ru help ("вирус").
    id: 'virus',
    reason: 'virusdetected',
    re: /\bvirus(?:es)?\b|\binfected\b|\bmalware\b|ウイルス|ウィルス|病毒|вирус/,
  },
  {
    // source = Barracuda, Proofpoint and MessageLabs notices ("identified as spam"); SoftBank and
    // docomo spam-filter pages ("迷惑メール"); emailhost.com.cn ("垃圾邮件退信", docs/vocabulary).
    id: 'spam',
    reason: 'spamdetected',
    re: /\bspam\b|\bjunk mail\b|迷惑メール|スパム|垃圾(?:邮件|郵件)|спам/,
  },
  {
    // source = Postfix ("mailbox full", "quota exceeded"), Exchange ("mailbox is full", Exchange
    // Online's "mailbox is over its storage limit"); gromox
    // local_bounce BOUNCE_MAILBOX_FULL (ja "メールボックスが一杯", zh "邮箱已满"); Japanese ISPs' pages
    // ("容量オーバー", "メールボックス容量不足", docs/vocabulary; freeserve.ne.jp's "メールボックスが制限値に達して",
    // fml8 Mail/Bounce/Language/Japanese.pm); the Romance forms are the plain
    // adjective after the mailbox noun ("pleine", "lleno", "cheia", "piena").
    id: 'mailbox-full',
    reason: 'mailboxfull',
    re: /(?:mail ?box|inbox|quota)[^.]{0,30}\b(?:full|exceeded|exceeds? (?:the )?(?:allowed |maximum )?(?:size|quota|limit)|over (?:its |the )?(?:storage |size )?(?:limit|quota))|over ?quota|(?:boîte|boite)[^.]{0,40}pleine|postfach[^.]{0,30}voll|buz[oó]n[^.]{0,40}llen[oa]|caixa[^.]{0,40}(?:cheia|lotada)|casella[^.]{0,40}piena|一杯|いっぱい|容量(?:が)?(?:オーバー|超過|不足)|メールボックス[^。]{0,10}(?:制限値?|上限)に達|(?:邮箱|郵箱|空间|空間)[^。]{0,6}(?:已满|已滿|不足)|ящик[^.]{0,20}переполнен/,
  },
  {
    // source = Sendmail ("Message is too large"), Exchange ("message is too large", 5.3.4); Sympa po
    // ("message trop gros", "Nachricht zu groß", "messaggio troppo grande"); Mailman 2.1 po
    // ("trop importante"); gromox mail_bounce BOUNCE_MAIL_TOO_LARGE ("邮件过大").
    id: 'size',
    reason: 'mesgtoobig',
    re: new RegExp(
      [
        String.raw`(?:message|mail|e-?mail)[^.]{0,30}\b(?:too (?:large|big)|exceeds? (?:the )?(?:maximum|size|limit))`,
        String.raw`(?:size|taille|dimensione|tamaño|tamanho|größe|grösse)[^.]{0,40}(?:exceed|dépasse|supera|excede|überschreit)`,
        String.raw`(?:exceed|dépasse|supera|excede|überschreit)\S*[^.]{0,30}(?:size|taille|dimensione|tamaño|tamanho|größe|grösse)`,
        String.raw`trop (?:volumineux|gros|grand)|zu gro(?:ß|ss)|demasiado grande|muito grande|troppo grande|サイズ[^。]{0,20}(?:超|大き)|(?:邮件|郵件)(?:过|過)大|слишком больш`,
      ].join('|'),
    ),
  },
  {
    // source = Sendmail ("Host unknown (Name server: x: host not found)"), Exim ("all relevant MX
    // records point to non-existent hosts", "Unrouteable address"), Postfix ("Host or domain name not
    // found"), PMDF ("Illegal host/domain name found", Sympa's catalogue of bounce formats); emailhost.com.cn ("域名不存在", docs/vocabulary); Japanese ISPs' notices
    // ("ホストが見つかりません", "ドメインが存在しません").
    id: 'host-unknown',
    reason: 'hostunknown',
    re: new RegExp(
      [
        String.raw`\b(?:host|domain)(?: name)? (?:not found|unknown)|unrout(?:e)?able (?:address|domain)|\b(?:illegal|invalid|bad) host(?:\/domain)?(?: name)?\b`,
        String.raw`(?:unknown|unbekannte[rn]?) (?:host|domain)|(?:hôte|hote|domaine) inconnu`,
        String.raw`(?:\bhost|hôte|hote|domain|domaine|dominio|domínio|rechner)[^.]{0,30}(?:could not be found|not found|unknown|does not exist|doesn't exist|nicht gefunden|existiert nicht|unbekannt|introuvable|inconnu|inexistant|n'existe pas|desconocido|no existe|no encontrado|inexistente|sconosciuto|non esiste|non trovato|desconhecido|não existe|não encontrado)`,
        String.raw`(?:ホスト|ドメイン)[^。]{0,10}(?:見つかりません|存在しません|不明)|(?:域名|主机|主機)[^。]{0,6}(?:不存在|找不到)|(?:домен|хост)[^.]{0,20}не (?:существует|найден)`,
      ].join('|'),
    ),
  },
  {
    // source = the mailbox nouns of old gateways that the reply rules' word sets lack: CompuServe
    // ("Receiver not found: x"), IBM VM ("No such userid"), NTMail and X.400 gateways ("destination
    // ... unknown") (Sympa's catalogue of bounce formats, Sympa/Spindle/ProcessBounce.pm); jp-r.ne.jp's
    // "送信先E-mailアドレスの不一致です" (address mismatch, fml8 Mail/Bounce/Language/Japanese.pm); Russian
    // "нет такого пользователя" (no such user, Mail.ru and Yandex help pages' plain form); Gmail's "Address not
    // found" notice in Italian and Japanese ("l'indirizzo non è stato trovato", "アドレスが見つからない", support.google.com
    // answer 6596 it/ja), the forms of the address noun and "not found" the reply rules' word sets do not join;
    // not the sender's, a server's or a domain's address ("l'indirizzo del mittente", "送信者のアドレス").
    id: 'user-unknown',
    reason: 'userunknown',
    re: /\b(?:receiver|userid|destination address)\b[^.]{0,20}\b(?:not found|unknown|does not exist)|\bno such (?:receiver|userid)\b|(?:アドレス|宛先)の不一致|(?:такого|нет такого) (?:пользовател|адресат|ящик)|\bindirizzo\b(?! (?:e-?mail |di posta (?:elettronica )?)?(?:del |dello |di |ip )?(?:mittente|server|dns|ip)\b)[^.]{0,30}\bnon (?:è stato |e' stato )?trovato|(?<!(?:送信者|送信元|差出人|サーバー?|ドメイン|ip)の(?:メール)?)(?:メール)?アドレスが見つか(?:らない|らず|りません)/,
  },
  {
    // source = Sendmail ("Relaying denied"), Postfix ("Relay access denied"), Exchange ("Unable to
    // relay"), qmail ("sorry, that domain isn't in my list of allowed rcpthosts"); the same concept in
    // the common languages ("relais", "Relaying", "中継", "转发/中继").
    id: 'relay',
    reason: 'norelaying',
    re: /\brelay(?:ing)?\b[^.]{0,30}(?:denied|refused|not (?:permitted|allowed)|prohibited)|unable to relay|(?:do not|don't|cannot) relay|relais[^.]{0,20}(?:refusé|interdit)|relaying[^.]{0,20}(?:nicht erlaubt|verweigert)|retransmisión[^.]{0,20}denegada|中継(?:拒否|できません|は許可されていません)|(?:拒绝|不允许)(?:中继|转发)|ретрансляц\S* (?:запрещен|отказан)/,
  },
  {
    // source = gromox mlist_bounce templates ("You have not enough privilege to send mail to mail list
    // x, this mail list can only accept mails come from internal members", zh "仅列表内成员才可向该列表发送邮件",
    // data/mlist_bounce/{ascii,gb2312}/*);
    // LISTSERV's "You are not authorized to send mail to the x list". The reason is the reply rules'
    // for a list that takes members' mail only (text.list-members-only).
    id: 'list-members-only',
    reason: 'policyviolation',
    re: /not (?:enough )?(?:privilege|permission|authori[sz]ed|allowed|permitted) to (?:send|post)[^.]{0,40}\blist\b|\blist can only accept mails?\b|(?:仅|僅)列表(?:内|內)成(?:员|員)|(?:没有|沒有)足(?:够|夠)的(?:权限|權限)向[^。]{0,40}(?:邮件|郵件)列表/,
  },
  {
    // source = Postfix local(8) ("mail forwarding loop for x"), Exchange 2003's 5.4.6 NDR ("A
    // configuration error in the e-mail system caused the message to bounce between two servers"),
    // Sendmail deliver.c ("mail loops back to me"), Domino ("Message probably in a routing loop").
    id: 'loop',
    reason: 'networkerror',
    re: /(?:forwarding|mail|routing) loop|loops? back to (?:me|myself)|bounce between two servers|hop count exceeded|too many hops/,
  },
  {
    // source = Windows SMTP service DSNs ("Unable to deliver message to the following recipients, due to
    // being unable to connect successfully to the destination mail server"); Netscape Messaging Server
    // ("Host x is not responding"); Sendmail ("Connection refused", "Connection timed out"); SmarterMail
    // ("Failed to connect to the recipients mail server", "Failed four attempts to connect to recipients
    // mail server", as hosting providers' help pages quote its notices); the same
    // concept (could not connect / no connection) in the common languages. Last: a cause about the
    // recipient stated with it is more specific.
    id: 'network',
    reason: 'networkerror',
    re: /unable to connect|(?:could not|couldn't|cannot|can't) connect|failed (?:\w+ )?(?:attempts? )?to connect|connection (?:timed out|refused)|no route to host|\b(?:host|server)(?: \S+)? (?:is )?not (?:responding|reachable)|impossible de se connecter|verbindung[^.]{0,40}(?:fehlgeschlagen|nicht möglich)|keine verbindung|no se pudo conectar|impossibile (?:connettersi|stabilire una connessione)|não foi possível (?:se )?conectar|接続でき(?:ません|なかった)|无法连接|無法連線|не удалось (?:подключиться|соединиться)/,
  },
  {
    // source = gromox local_bounce BOUNCE_OPERATION_ERROR ("some error occurred in our mail system",
    // zh "我们的邮件系统出错", zh-TW "郵件系統出錯", ja "システムエラーがあったため"). Last: the failure of the
    // receiving system itself, said when nothing about the recipient is.
    id: 'system-error',
    reason: 'systemerror',
    re: /\berror[^.]{0,20}\boccurred in (?:our|the) (?:e-?mail |mail )?system|(?:邮件|郵件)?系(?:统|統)出(?:错|錯)|システムエラー(?:が|の)|системн\S* ошибк/,
  },
];

/**
 * Mentions of a filter that are not a verdict: gateways and ISPs stamp their notices "scanned for
 * viruses by x", "anti-spam service", and such a stamp names no cause.
 */
const STAMP_RE = /anti-?(?:virus|spam)|(?:scanned|checked|protected) (?:for|by|against) [^.]{0,30}|virus[- ]?(?:free|scan\w*|check\w*)|no viruses? (?:found|detected)/g;

/**
 * An MTA's words introducing the remote server's reply ("Remote host said:", qmail-remote.c; "host x said:",
 * Postfix smtp_proto.c; "Remote Server returned '", Exchange): their "host" is no subject of the reply's
 * "does not exist". The cause is read from the reply on.
 */
const RELAY_LEAD_RE = /\b(?:said|replied|returned)\s*:?\s*'?(?=[245]\d\d[\s-]|[245]\.\d{1,3}\.\d{1,3}\s)/;

/** The cause the notice's text states, or null. */
export function noticeCause(text: string): { id: string; reason: Reason } | null {
  const lead = RELAY_LEAD_RE.exec(text);
  const from = lead ? text.slice(lead.index + lead[0].length) : text;
  const plain = from.toLowerCase().replace(STAMP_RE, ' ');
  for (const c of CAUSES) if (c.re.test(plain)) return { id: c.id, reason: c.reason };
  return null;
}
