import { lexicon } from './table';

export const GERMAN = lexicon(
  `hello=hallo|hi=hallo|good morning=guten Morgen|good afternoon=guten Tag|good evening=guten Abend|good night=gute Nacht
  goodbye=auf Wiedersehen|see you tomorrow=bis morgen|see you soon=bis bald|thank you=danke|thanks=danke
  thank you very much=vielen Dank|thanks a lot=vielen Dank|thank you for your patience=vielen Dank für Ihre Geduld
  thank you for your order=vielen Dank für Ihre Bestellung|thank you for contacting us=vielen Dank für Ihre Nachricht
  please=bitte|you are welcome=gern geschehen|welcome=willkommen|welcome to lumen=willkommen bei Lumen|sorry=Entschuldigung
  i am sorry=es tut mir leid|we are sorry=es tut uns leid|excuse me=entschuldigen Sie|how are you=wie geht es Ihnen
  yes=ja|no=nein|of course=natürlich|how can i help you=wie kann ich Ihnen helfen|how can we help=wie können wir helfen
  can i help you=kann ich Ihnen helfen|your order has shipped=Ihre Bestellung wurde versandt
  your order has been shipped=Ihre Bestellung wurde versandt|your order will arrive tomorrow=Ihre Bestellung kommt morgen an
  your refund has been processed=Ihre Rückerstattung wurde bearbeitet|your invoice is attached=Ihre Rechnung ist beigefügt
  where is my order=wo ist meine Bestellung|i need help=ich brauche Hilfe|i need a refund=ich brauche eine Rückerstattung
  i want a refund=ich möchte eine Rückerstattung|i would like a refund=ich hätte gern eine Rückerstattung
  i forgot my password=ich habe mein Passwort vergessen|reset your password=setzen Sie Ihr Passwort zurück
  have a nice day=einen schönen Tag noch|best regards=mit freundlichen Grüßen|kind regards=viele Grüße
  customer support=Kundendienst|we will contact you soon=wir melden uns bald bei Ihnen
  the meeting is tomorrow=das Meeting ist morgen|the meeting is today=das Meeting ist heute|my order=meine Bestellung
  your order=Ihre Bestellung|the order=die Bestellung|my account=mein Konto|your account=Ihr Konto
  my password=mein Passwort|your password=Ihr Passwort|the invoice=die Rechnung|your invoice=Ihre Rechnung
  my invoice=meine Rechnung|your refund=Ihre Rückerstattung|my refund=meine Rückerstattung|the refund=die Rückerstattung
  has been=wurde|have been=wurden|will be=wird|there is=es gibt|there are=es gibt|i need=ich brauche|i want=ich möchte
  i would like=ich hätte gern|can you=können Sie|could you=könnten Sie|how do i=wie kann ich|where is=wo ist
  what is=was ist|i have=ich habe|i am=ich bin|we are=wir sind|you are=Sie sind|it is=es ist|thank you for=danke für
  as soon as possible=so bald wie möglich|next week=nächste Woche|this week=diese Woche|last week=letzte Woche
  per month=pro Monat|per user=pro Benutzer|business days=Werktage|credit card=Kreditkarte
  payment method=Zahlungsmethode|free trial=kostenlose Testphase|data export=Datenexport|will arrive=wird ankommen|will be sent=wird gesendet`,
  `the=die|a=ein|an=ein|and=und|or=oder|but=aber|of=von|to=zu|in=in|on=auf|for=für|with=mit|without=ohne|from=von
  at=bei|by=von|about=über|after=nach|before=vor|is=ist|are=sind|was=war|were=waren|be=sein|been=gewesen|have=haben
  has=hat|had=hatte|will=wird|do=|does=|did=|not=nicht|no=nein|yes=ja|i=ich|you=Sie|he=er|she=sie|we=wir|they=sie
  it=es|me=mich|my=mein|your=Ihr|our=unser|their=ihr|his=sein|her=ihr|this=dies|that=dass|these=diese|those=jene
  here=hier|there=dort|what=was|when=wann|where=wo|why=warum|how=wie|who=wer|all=alle|every=jeder|some=einige
  more=mehr|less=weniger|very=sehr|now=jetzt|today=heute|tomorrow=morgen|yesterday=gestern|soon=bald|again=wieder
  also=auch|order=Bestellung|orders=Bestellungen|invoice=Rechnung|invoices=Rechnungen|refund=Rückerstattung
  refunds=Rückerstattungen|account=Konto|accounts=Konten|password=Passwort|payment=Zahlung|customer=Kunde
  customers=Kunden|team=Team|project=Projekt|projects=Projekte|task=Aufgabe|tasks=Aufgaben|plan=Tarif|plans=Tarife
  subscription=Abonnement|price=Preis|email=E-Mail|message=Nachricht|question=Frage|problem=Problem|issue=Problem
  help=Hilfe|day=Tag|days=Tage|week=Woche|month=Monat|months=Monate|year=Jahr|years=Jahre|time=Zeit|data=Daten
  file=Datei|files=Dateien|export=Export|link=Link|meeting=Meeting|report=Bericht|card=Karte|delivery=Lieferung
  package=Paket|product=Produkt|service=Service|company=Firma|money=Geld|number=Nummer|phone=Telefon|address=Adresse
  name=Name|user=Benutzer|users=Benutzer|settings=Einstellungen|trial=Testphase|support=Support|security=Sicherheit
  billing=Abrechnung|free=kostenlos|new=neu|good=gut|great=toll|bad=schlecht|late=spät|ready=bereit
  available=verfügbar|important=wichtig|urgent=dringend|full=vollständig|first=erste|last=letzte|next=nächste
  shipped=versandt|sent=gesendet|received=erhalten|processed=bearbeitet|cancelled=storniert|canceled=storniert
  delivered=geliefert|paid=bezahlt|need=brauche|want=möchte|send=senden|receive=erhalten|cancel=stornieren
  change=ändern|reset=zurücksetzen|update=aktualisieren|check=prüfen|call=anrufen|contact=kontaktieren|pay=bezahlen
  buy=kaufen|open=öffnen|close=schließen|delete=löschen|create=erstellen|see=sehen|know=wissen|can=kann
  arrive=ankommen|arrived=angekommen|work=arbeiten|works=funktioniert|working=funktioniert|one=eins|two=zwei|three=drei
  four=vier|five=fünf|six=sechs|seven=sieben|eight=acht|nine=neun|ten=zehn|monday=Montag|tuesday=Dienstag
  wednesday=Mittwoch|thursday=Donnerstag|friday=Freitag|saturday=Samstag|sunday=Sonntag|cannot=kann nicht`,
);
