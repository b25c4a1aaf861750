import { lexicon } from './table';

export const FRENCH = lexicon(
  `hello=bonjour|hi=salut|good morning=bonjour|good afternoon=bonjour|good evening=bonsoir|good night=bonne nuit
  goodbye=au revoir|see you tomorrow=à demain|see you soon=à bientôt|thank you=merci|thanks=merci
  thank you very much=merci beaucoup|thanks a lot=merci beaucoup|thank you for your patience=merci de votre patience
  thank you for your order=merci pour votre commande|thank you for contacting us=merci de nous avoir contactés
  please=s'il vous plaît|you are welcome=de rien|welcome=bienvenue|welcome to lumen=bienvenue sur Lumen|sorry=désolé
  i am sorry=je suis désolé|we are sorry=nous sommes désolés|excuse me=excusez-moi|how are you=comment allez-vous
  yes=oui|no=non|of course=bien sûr|how can i help you=comment puis-je vous aider|how can we help=comment pouvons-nous vous aider
  can i help you=puis-je vous aider|your order has shipped=votre commande a été expédiée
  your order has been shipped=votre commande a été expédiée|your order will arrive tomorrow=votre commande arrivera demain
  your refund has been processed=votre remboursement a été traité|your invoice is attached=votre facture est jointe
  where is my order=où est ma commande|i need help=j'ai besoin d'aide|i need a refund=j'ai besoin d'un remboursement
  i want a refund=je veux un remboursement|i would like a refund=je voudrais un remboursement
  i forgot my password=j'ai oublié mon mot de passe|reset your password=réinitialisez votre mot de passe
  have a nice day=bonne journée|best regards=cordialement|kind regards=cordialement|customer support=service client
  we will contact you soon=nous vous contacterons bientôt|the meeting is tomorrow=la réunion est demain
  the meeting is today=la réunion est aujourd'hui|my order=ma commande|your order=votre commande|the order=la commande
  my account=mon compte|your account=votre compte|my password=mon mot de passe|your password=votre mot de passe
  the invoice=la facture|your invoice=votre facture|my invoice=ma facture|your refund=votre remboursement
  my refund=mon remboursement|the refund=le remboursement|has been=a été|have been=ont été|will be=sera|there is=il y a
  there are=il y a|i need=j'ai besoin de|i want=je veux|i would like=je voudrais|can you=pouvez-vous|could you=pourriez-vous
  how do i=comment puis-je|where is=où est|what is=qu'est-ce que|i have=j'ai|i am=je suis|we are=nous sommes
  you are=vous êtes|it is=c'est|thank you for=merci pour|as soon as possible=dès que possible
  next week=la semaine prochaine|this week=cette semaine|last week=la semaine dernière|per month=par mois
  per user=par utilisateur|business days=jours ouvrés|credit card=carte de crédit|payment method=moyen de paiement
  free trial=essai gratuit|data export=exportation des données|will arrive=arrivera|will be sent=sera envoyé`,
  `the=le|a=un|an=un|and=et|or=ou|but=mais|of=de|to=à|in=dans|on=sur|for=pour|with=avec|without=sans|from=de|at=à
  by=par|about=sur|after=après|before=avant|is=est|are=sont|was=était|were=étaient|be=être|been=été|have=avoir|has=a
  had=avait|will=|do=|does=|did=|not=pas|no=non|yes=oui|i=je|you=vous|he=il|she=elle|we=nous|they=ils|it=il|me=moi
  my=mon|your=votre|our=notre|their=leur|his=son|her=sa|this=ce|that=que|these=ces|those=ces|here=ici|there=là
  what=quoi|when=quand|where=où|why=pourquoi|how=comment|who=qui|all=tout|every=chaque|some=quelques|more=plus
  less=moins|very=très|now=maintenant|today=aujourd'hui|tomorrow=demain|yesterday=hier|soon=bientôt|again=encore
  also=aussi|order=commande|orders=commandes|invoice=facture|invoices=factures|refund=remboursement
  refunds=remboursements|account=compte|accounts=comptes|password=mot de passe|payment=paiement|customer=client
  customers=clients|team=équipe|project=projet|projects=projets|task=tâche|tasks=tâches|plan=forfait|plans=forfaits
  subscription=abonnement|price=prix|email=e-mail|message=message|question=question|problem=problème|issue=problème
  help=aide|day=jour|days=jours|week=semaine|month=mois|months=mois|year=an|years=ans|time=temps|data=données
  file=fichier|files=fichiers|export=exportation|link=lien|meeting=réunion|report=rapport|card=carte|delivery=livraison
  package=colis|product=produit|service=service|company=entreprise|money=argent|number=numéro|phone=téléphone
  address=adresse|name=nom|user=utilisateur|users=utilisateurs|settings=paramètres|trial=essai|support=assistance
  security=sécurité|billing=facturation|free=gratuit|new=nouveau|good=bon|great=super|bad=mauvais|late=en retard
  ready=prêt|available=disponible|important=important|urgent=urgent|full=complet|first=premier|last=dernier
  next=prochain|shipped=expédiée|sent=envoyé|received=reçu|processed=traité|cancelled=annulé|canceled=annulé
  delivered=livrée|paid=payé|need=besoin|want=veux|send=envoyer|receive=recevoir|cancel=annuler|change=changer
  reset=réinitialiser|update=mettre à jour|check=vérifier|call=appeler|contact=contacter|pay=payer|buy=acheter
  open=ouvrir|close=fermer|delete=supprimer|create=créer|see=voir|know=savoir|can=peut|arrive=arriver|arrived=arrivé
  work=travailler|works=fonctionne|working=fonctionne|one=un|two=deux|three=trois|four=quatre|five=cinq|six=six
  seven=sept|eight=huit|nine=neuf|ten=dix|monday=lundi|tuesday=mardi|wednesday=mercredi|thursday=jeudi
  friday=vendredi|saturday=samedi|sunday=dimanche|cannot=ne peut pas`,
);
