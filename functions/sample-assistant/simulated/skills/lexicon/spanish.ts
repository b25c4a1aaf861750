import { lexicon } from './table';

export const SPANISH = lexicon(
  `hello=hola|hi=hola|good morning=buenos días|good afternoon=buenas tardes|good evening=buenas noches
  good night=buenas noches|goodbye=adiós|see you tomorrow=hasta mañana|see you soon=hasta pronto|thank you=gracias
  thanks=gracias|thank you very much=muchas gracias|thanks a lot=muchas gracias
  thank you for your patience=gracias por su paciencia|thank you for your order=gracias por su pedido
  thank you for contacting us=gracias por contactarnos|please=por favor|you are welcome=de nada|welcome=bienvenido
  welcome to lumen=bienvenido a Lumen|sorry=lo siento|i am sorry=lo siento|we are sorry=lo sentimos|excuse me=disculpe
  how are you=cómo está|yes=sí|no=no|of course=por supuesto|how can i help you=cómo puedo ayudarle
  how can we help=cómo podemos ayudarle|can i help you=puedo ayudarle|your order has shipped=su pedido ha sido enviado
  your order has been shipped=su pedido ha sido enviado|your order will arrive tomorrow=su pedido llegará mañana
  your refund has been processed=su reembolso ha sido procesado|your invoice is attached=su factura está adjunta
  where is my order=dónde está mi pedido|i need help=necesito ayuda|i need a refund=necesito un reembolso
  i want a refund=quiero un reembolso|i would like a refund=me gustaría un reembolso|i forgot my password=olvidé mi contraseña
  reset your password=restablezca su contraseña|have a nice day=que tenga un buen día|best regards=saludos cordiales
  kind regards=saludos cordiales|customer support=atención al cliente
  we will contact you soon=nos pondremos en contacto con usted pronto|the meeting is tomorrow=la reunión es mañana
  the meeting is today=la reunión es hoy|my order=mi pedido|your order=su pedido|the order=el pedido|my account=mi cuenta
  your account=su cuenta|my password=mi contraseña|your password=su contraseña|the invoice=la factura
  your invoice=su factura|my invoice=mi factura|your refund=su reembolso|my refund=mi reembolso|the refund=el reembolso
  has been=ha sido|have been=han sido|will be=será|there is=hay|there are=hay|i need=necesito|i want=quiero
  i would like=me gustaría|can you=puede|could you=podría|how do i=cómo puedo|where is=dónde está|what is=qué es
  i have=tengo|i am=estoy|we are=estamos|you are=usted está|it is=es|thank you for=gracias por
  as soon as possible=lo antes posible|next week=la próxima semana|this week=esta semana|last week=la semana pasada
  per month=al mes|per user=por usuario|business days=días hábiles|credit card=tarjeta de crédito
  payment method=método de pago|free trial=prueba gratuita|data export=exportación de datos|will arrive=llegará|will be sent=será enviado`,
  `the=el|a=un|an=un|and=y|or=o|but=pero|of=de|to=a|in=en|on=en|for=para|with=con|without=sin|from=de|at=en|by=por
  about=sobre|after=después|before=antes|is=es|are=son|was=era|were=eran|be=ser|been=sido|have=tener|has=tiene
  had=tenía|will=|do=|does=|did=|not=no|no=no|yes=sí|i=yo|you=usted|he=él|she=ella|we=nosotros|they=ellos|it=|me=me
  my=mi|your=su|our=nuestro|their=su|his=su|her=su|this=este|that=que|these=estos|those=esos|here=aquí|there=allí
  what=qué|when=cuándo|where=dónde|why=por qué|how=cómo|who=quién|all=todo|every=cada|some=algunos|more=más
  less=menos|very=muy|now=ahora|today=hoy|tomorrow=mañana|yesterday=ayer|soon=pronto|again=otra vez|also=también
  order=pedido|orders=pedidos|invoice=factura|invoices=facturas|refund=reembolso|refunds=reembolsos|account=cuenta
  accounts=cuentas|password=contraseña|payment=pago|customer=cliente|customers=clientes|team=equipo|project=proyecto
  projects=proyectos|task=tarea|tasks=tareas|plan=plan|plans=planes|subscription=suscripción|price=precio
  email=correo electrónico|message=mensaje|question=pregunta|problem=problema|issue=problema|help=ayuda|day=día
  days=días|week=semana|month=mes|months=meses|year=año|years=años|time=tiempo|data=datos|file=archivo
  files=archivos|export=exportación|link=enlace|meeting=reunión|report=informe|card=tarjeta|delivery=entrega
  package=paquete|product=producto|service=servicio|company=empresa|money=dinero|number=número|phone=teléfono
  address=dirección|name=nombre|user=usuario|users=usuarios|settings=configuración|trial=prueba|support=soporte
  security=seguridad|billing=facturación|free=gratis|new=nuevo|good=bueno|great=genial|bad=malo|late=tarde
  ready=listo|available=disponible|important=importante|urgent=urgente|full=completo|first=primero|last=último
  next=próximo|shipped=enviado|sent=enviado|received=recibido|processed=procesado|cancelled=cancelado
  canceled=cancelado|delivered=entregado|paid=pagado|need=necesito|want=quiero|send=enviar|receive=recibir
  cancel=cancelar|change=cambiar|reset=restablecer|update=actualizar|check=revisar|call=llamar|contact=contactar
  pay=pagar|buy=comprar|open=abrir|close=cerrar|delete=eliminar|create=crear|see=ver|know=saber|can=puede
  arrive=llegar|arrived=llegó|work=trabajar|works=funciona|working=funciona|one=uno|two=dos|three=tres|four=cuatro
  five=cinco|six=seis|seven=siete|eight=ocho|nine=nueve|ten=diez|monday=lunes|tuesday=martes|wednesday=miércoles
  thursday=jueves|friday=viernes|saturday=sábado|sunday=domingo|cannot=no puede`,
);
