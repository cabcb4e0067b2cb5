/**
 * Seed vocabulary for the shipped language identifier, written for Hearken from general knowledge
 * of each language (frequent function words, everyday and customer-service words, chat spellings).
 * It is the project's own work, so the weights trained from it can ship under the project's
 * licence. Arabic and Devanagari Hindi are recognised by script and need no list here; the Hindi
 * list is romanised Hindi as it is typed on social media.
 */
export const LANGUAGE_SEED_WORDS: Readonly<Record<string, string>> = {
  english: `the a an and or but if then so because of to in on at by for with about from into over
    after before under between through during without within is are was were be been being am
    have has had do does did done will would shall should can could may might must not no yes
    i you he she it we they me him her us them my your his its our their mine yours this that
    these those there here what which who whom whose when where why how all any each every some
    many much more most few less least other another such only own same than too very just also
    still already yet even again ever never always often sometimes really actually maybe please
    thanks thank sorry hello hi hey okay ok well good great best better bad worse worst nice
    love like hate want need know think feel make get got go going gone went come came take took
    give gave say said tell told ask asked see saw look looking seen work working call called try
    trying help keep let put seem show leave left find found use used pay paid buy bought send
    sent wait waiting waited happen happened today tomorrow yesterday tonight morning night week
    month year time day days hour hours minute now later soon early late first last next new old
    long little big small high low right wrong sure true real free full happy sad angry tired
    funny crazy awesome amazing terrible horrible awful lovely beautiful pretty people person man
    woman guy guys friend friends family kids home house car flight phone account card money
    service customer order delivery refund bill problem issue question answer support team store
    game music movie show news life world city country school job company thing things stuff way
    something nothing everything anything someone everyone nobody anyone lol omg wtf btw tbh gonna
    wanna gotta ain't don't doesn't didn't can't won't isn't aren't wasn't i'm you're it's that's
    there's what's let's i've i'll i'd we're they're should've watching playing reading eating
    weather rain sunny birthday party weekend holiday christmas finally literally totally
    seriously definitely probably anyway though although while until since unless whether either
    neither both half enough instead almost around away back down off out up upon yourself
    myself happened getting making having being saying doing anyone whatever whenever`,
  french: `le la les un une des du de d' l' au aux et ou mais donc or ni car que qui quoi dont où
    ce cet cette ces mon ma mes ton ta tes son sa ses notre nos votre vos leur leurs je tu il
    elle on nous vous ils elles me te se moi toi lui eux y en ne pas plus jamais rien personne
    aucun aucune très trop peu beaucoup assez bien mal mieux toujours souvent parfois encore déjà
    aussi même tout tous toute toutes autre autres chaque quelque quelques quel quelle quels
    est sont était étaient été être suis es sommes êtes sera serait ai as avons avez ont avait
    avoir eu fait faire faut dois doit peux peut pouvons veux veut voulons vais va allons allez
    vont aller venir viens vient dit dire sais sait savoir voir vois voit prendre mettre donner
    trouver parler passer rester attendre aimer aime adore déteste merci bonjour bonsoir salut
    oui non si avec sans pour par sur sous dans chez entre vers depuis pendant avant après comme
    comment pourquoi quand combien aujourd'hui demain hier ce soir matin nuit semaine mois année
    temps jour jours heure heures maintenant bientôt tard tôt déjà nouveau nouvelle vieux grand
    grande petit petite beau belle bon bonne mauvais mauvaise vrai faux heureux heureuse triste
    content fatigué génial super nul grave vraiment trop mdr ptdr jsp stp svp bref enfin voilà
    alors ensuite puis c'est j'ai n'est qu'il qu'on l'on j'aime c'était d'accord gens homme
    femme ami amie amis famille enfants maison voiture vol téléphone compte carte argent service
    client commande livraison remboursement facture problème question réponse équipe magasin
    jeu musique film émission nouvelles vie monde ville pays école travail entreprise chose
    choses quelqu'un quelque chose tout le monde rien du tout ça cela ceci celui celle ceux ici
    là-bas peut-être surtout plutôt pourtant cependant néanmoins lorsque puisque tandis selon
    malgré grâce contre pendant jusqu'à déjà élection gouvernement président français france
    paris ministre politique économie énergie écologie santé hôpital vacances été hiver week-end`,
  german: `der die das den dem des ein eine einen einem einer eines und oder aber denn sondern doch
    wenn als ob weil dass damit obwohl während bevor nachdem bis seit ich du er sie es wir ihr
    mich dich sich uns euch mir dir ihm ihnen mein meine meinen dein deine sein seine unser
    unsere euer ihre ist sind war waren bin bist seid sein gewesen wird werden wurde wurden
    worden habe hast hat haben hatte hatten gehabt kann kannst können konnte muss musst müssen
    musste soll sollte will willst wollen wollte darf dürfen möchte mag nicht kein keine keinen
    nichts nie niemals immer oft manchmal schon noch mehr sehr viel viele wenig ganz gar auch nur
    mal jetzt heute morgen gestern abend nacht woche monat jahr zeit tag tage stunde stunden
    minute gleich später bald früh spät neu neue alt groß klein gut gute besser beste schlecht
    schön toll super geil krass richtig falsch wahr froh traurig müde glücklich lustig blöd doof
    danke bitte hallo tschüss ja nein genau halt eben eigentlich wirklich vielleicht natürlich
    leider endlich einfach zusammen wieder zurück hier dort da dann also sonst trotzdem deshalb
    deswegen außerdem zwischen gegen ohne mit für von zu zum zur bei nach aus über unter vor
    hinter neben durch um wie was wer wo warum wann wieso weshalb welche welcher welches
    machen macht gemacht gehen geht ging gegangen kommen kommt kam gekommen sagen sagt gesagt
    sehen sieht gesehen wissen weiß geben gibt gab nehmen nimmt finden findet glaube denke
    meine heißt brauche brauchen warte warten arbeiten spielen lesen essen trinken schlafen
    leute mensch menschen mann frau freund freundin familie kinder haus wohnung auto flug handy
    konto karte geld kunde kundin bestellung lieferung rückerstattung rechnung problem frage
    antwort team laden spiel musik film sendung nachrichten leben welt stadt land schule arbeit
    firma sache dinge etwas jemand alle jeder jede jedes niemand man deutschland berlin
    regierung bundestag politik wirtschaft forschung milliarden euro wetter regen sonne
    geburtstag wochenende urlaub weihnachten straße bahn zug verspätung ärger scheiße
    irgendwie irgendwas überhaupt wohl sogar bereits ziemlich total echt mega voll nee jo naja
    hab habt gibt's geht's wär wäre würde würden könnte könnten sollte müsste hätte hätten
    kommen gerade grad morgen früh mittag nachmittag bisschen kurz lange schnell langsam
    unbedingt bestimmt sicher klar okay freue freuen freut liebe lieben hasse gefällt
    zeigen zeigt erklären erklärt verstehen versteht spielt gespielt gewonnen verloren
    nachricht nachrichten zeitung artikel bild bilder video sendung folge staffel serie
    fußball verein mannschaft tor sieg niederlage spieler trainer stadion bundesliga
    frage fragen antwort antworten hilfe helfen bitte danke schön gerne entschuldigung
    bürger wahl partei kanzlerin minister gesetz steuer steuern unternehmen mitarbeiter`,
  hindi: `hai hain tha thi the ho hoga hogi honge hua hui hue nahi nahin na mat haan ha ji kya kyu
    kyun kyon kaise kaisa kaisi kab kahan kaha kidhar kaun kitna kitne kitni jo jab jaise jahan
    main mein mai me mujhe mujhko mera meri mere hum hamara hamari hamare humko tum tu tera teri
    tere tumhara tumhari tumhe aap aapka aapki aapke aapko woh wo vo voh uska uski uske usko unka
    unki unke unko ye yeh iska iski iske isko inka sab sabko sabse koi kuch kuchh bahut bohot
    bahot zyada jyada thoda thodi bas abhi ab phir fir bhi hi to toh aur ya lekin par magar
    kyunki isliye agar warna ki ka ke ko se pe mein tak wala wali wale liye saath bina andar
    bahar upar neeche aaj kal parso raat subah shaam din hafta mahina saal samay waqt baar
    karna karo karta karti karte kiya kiye kar karke raha rahi rahe hona hota hoti hote jana
    jao jata jati jate gaya gayi gaye aana aao aata aati aaya aayi dekho dekha dekh dekhna bolo
    bola bol bolna suno suna sun samajh samjha pata chal chalo chahiye chahta chahti sakta sakti
    sakte lagta lagti laga lagi mil mila mili milega dena diya de do lena liya le lo rakho baat
    baatein yaar yar bhai behen dost dosti ghar pyaar pyar dil zindagi duniya log logon ladka
    ladki bachcha paisa paise kaam naukri khana pani accha acha achha achhi bura buri sahi galat
    naya nayi purana bada badi chota choti khush dukh dukhi pagal mast bekar bakwas zabardast
    shukriya dhanyavad namaste arre arey oye haha hahaha matlab sach jhooth sirf shayad zaroor
    bilkul ekdum jaldi dheere sath kabhi hamesha kaafi sabhi apna apni apne khud sarkar desh
    neta chunav vote modi dilli mumbai bharat hindustan pakistan cricket match film gaana
    gaane kahani pehle baad mein hoon hun rahega jayega karenge dekhte
    nhi nai hy ky kr krna kro krte krta krti rha rhi rhe gya gyi gye bht bhot thk theek thik sb
    kyuki kyoki kyonki mujhse tumse humse usse isse kisi kisne kisko jisko jiska jiski aisa aise
    waisa waise jaisa yahi wahi wahan yahan idhar udhar tabhi jabhi itna utna jitna unhe inhe
    humein hume tumhein tujhe saab sahab bhaiya didi mummy papa bhagwan jai hind janta kasam
    mohabbat ishq dard khushi gham jaan jaanu bindaas bakwaas faltu ghatiya chup ruko batao
    bataya samjhe malum maloom socho socha kehna kehte bolte jaate aate rehte dete padega padta
    milta milti huye karega karegi karunga karungi jaunga jaungi vala vali ek paanch hazaar lakh
    crore rupaye baje ghanta ghante achchha kyaa poora saara dusra dusri doosra pehla pehli
    aakhir akhir shuru khatam khatm khula chalu lagega dikha dikhta dikhao dikhai sunao suni
    sunna padh padho padha likho likha likh seekh bhool bhula yaad intezaar intazaar dhanyawad
    shukria maaf maafi yrr bhaiyo behno mitron deshbhakt gaddar jawab sawaal sawal mudda aapne
    tumne maine humne unhone usne isne kiska kiski kaunsa konsa kon kahaan kahin kahi`,
  italian: `il lo la i gli le un uno una del dello della dei degli delle al allo alla ai agli alle
    dal dalla dai nel nello nella nei negli nelle sul sulla sui e ed o ma però perché perchè
    quindi allora anche ancora già sempre mai spesso poi prima dopo mentre quando come dove
    cosa chi che cui quale quali quanto quanti quanta io tu lui lei noi voi loro mi ti ci vi si
    me te ne mio mia miei mie tuo tua tuoi tue suo sua suoi sue nostro nostra vostro vostra
    sono sei è siamo siete era erano stato stata essere ho hai ha abbiamo avete hanno avevo
    aveva avere fatto fare faccio fa facciamo fanno posso puoi può possiamo possono voglio
    vuoi vuole vogliamo devo deve dobbiamo vado vai va andiamo vanno andare vengo viene venire
    dico dice dire so sa sapere vedo vede vedere prendo mettere dare trovare parlare restare
    aspettare amo adoro odio grazie ciao buongiorno buonasera salve sì no non niente nulla
    nessuno nessuna molto troppo poco tanto tanta tanti tutto tutta tutti tutte altro altra
    altri ogni qualche qualcosa qualcuno bene male meglio peggio oggi domani ieri stasera
    mattina notte settimana mese anno tempo giorno giorni ora ore adesso subito presto tardi
    nuovo nuova vecchio grande piccolo piccola bello bella buono buona cattivo vero falso
    felice triste contento stanco bravo brava fantastico pessimo davvero proprio forse magari
    comunque infatti insomma cioè dunque eppure invece oppure neanche nemmeno neppure senza
    con per tra fra su da di in a gente uomo donna amico amica amici famiglia bambini casa
    macchina volo telefono conto carta soldi servizio cliente ordine consegna rimborso bolletta
    problema domanda risposta squadra negozio gioco musica film programma notizie vita mondo
    città paese scuola lavoro azienda cose c'è c'era l'ho l'ha un'altra dell'anno nell'ultimo
    governo presidente ministro politica italia italiani roma milano partito elezioni voto
    economia sanità vacanze estate inverno fine settimana pizza caffè calcio partita
    anch'io però perciò anzi ecco beh boh dai vabbè figurati magari purtroppo finalmente
    sto stai sta stiamo stanno stavo stava sarà sarebbe sarebbero avrei avrebbe potrei
    vorrei dovrei capito capire sentito sentire visto guardato letto scritto detto fatto
    ragazzo ragazza ragazzi gente persone uomini donne bambino bambina mamma papà fratello
    sorella nonno nonna zio zia cugino amore cuore vita morte notte giorno stasera domani
    squadra gol campionato giocatore allenatore stadio tifosi juventus inter milan roma
    governo elezioni sindaco parlamento senato legge tasse lavoro disoccupazione crisi`,
  portuguese: `o a os as um uma uns umas do da dos das no na nos nas ao aos à às pelo pela pelos
    pelas num numa e ou mas porém porque porquê então também ainda já sempre nunca muitas vezes
    depois antes enquanto quando como onde que quem qual quais quanto quanta quantos eu tu ele
    ela nós vós eles elas você vocês me te se nos lhe lhes meu minha meus minhas teu tua seu
    sua seus suas nosso nossa dele dela deles sou és é somos são era eram foi foram ser estar
    estou está estamos estão estava tenho tem temos têm tinha ter tive teve fiz fez fazer faço
    faz fazemos fazem posso pode podemos podem quero quer queremos devo deve vou vai vamos vão
    ir venho vem vir digo diz dizer sei sabe saber vejo vê ver pegar colocar dar achar falar
    ficar esperar amo adoro odeio obrigado obrigada olá oi bom dia boa tarde boa noite sim não
    nada ninguém nenhum nenhuma muito muita muitos pouco pouca tanto tudo todo toda todos todas
    outro outra outros cada algum alguma alguém alguma coisa bem mal melhor pior hoje amanhã
    ontem agora logo cedo tarde manhã noite semana mês ano tempo dia dias hora horas minuto
    novo nova velho grande pequeno pequena bonito bonita lindo linda feliz triste contente
    cansado legal ótimo péssimo verdade mentira mesmo talvez aliás enfim afinal né tá tô pra
    pro cadê kkkk kkk rs vc vcs tb tbm q pq gente homem mulher amigo amiga amigos família
    crianças casa carro voo celular telefone conta cartão dinheiro serviço cliente pedido
    entrega reembolso fatura problema pergunta resposta equipe loja jogo música filme programa
    notícias vida mundo cidade país escola trabalho empresa coisa coisas sem com para por entre
    sobre até desde contra governo presidente ministro política brasil brasileiro eleição
    votação economia saúde férias verão inverno fim de semana cozinha comida lógica coração
    não sei está bem obrigadão saudade saudades beijo beijos galera também nunca mais
    ainda bem graças muito obrigado acho achei achou gostei gosto gosta adorei amei odiei
    fiquei ficou ficar chegou chegar comprei comprar paguei pagar recebi receber liguei ligar
    agora mesmo sério demais bastante nenhuma você tá vocês estão estava estavam gente boa
    queria quero quer poderia podia pode deveria deve tenho tinha tive tenha seja sejam
    melhor pior maior menor primeiro primeira último última próximo próxima semana passada
    porque porquê então assim aqui ali lá daqui dali depois antes durante enquanto
    jogo time torcida gol futebol campeonato partida técnico jogador seleção estádio
    eleições candidato governo presidente deputado senado câmara justiça polícia notícia
    ação atenção informação situação opinião coração irmão irmã mãe pai filho filha avó`,
  spanish: `el la los las un una unos unas del al lo de en y e o u pero sino porque pues entonces
    también tampoco todavía ya siempre nunca jamás a veces después antes mientras cuando como
    donde dónde qué que quién quien cuál cual cuánto cuanto yo tú tu él ella nosotros
    nosotras vosotros ellos ellas usted ustedes me te se nos os le les mi mis tus su sus
    nuestro nuestra vuestro suyo soy eres es somos son era eran fue fueron ser estar estoy
    estás está estamos están estaba tengo tienes tiene tenemos tienen tenía tener tuve hice
    hizo hacer hago hace hacemos hacen puedo puedes puede podemos pueden quiero quieres
    quiere queremos debo debe voy vas va vamos van ir vengo viene venir digo dice decir sé
    sabe saber veo ve ver tomar poner dar encontrar hablar quedar esperar amo adoro odio
    gracias hola buenos días buenas tardes buenas noches sí no nada nadie ningún ninguna mucho
    mucha muchos muchas poco poca tanto todo toda todos todas otro otra otros cada algún
    alguna alguien algo bien mal mejor peor hoy mañana ayer ahora luego pronto tarde noche
    semana mes año tiempo día días hora horas minuto nuevo nueva viejo grande pequeño pequeña
    bonito bonita lindo linda feliz triste contento cansado genial buenísimo pésimo verdad
    mentira mismo quizás quizá tal vez además bueno vale oye mira pues nada jaja jajaja jeje xd
    q pq tb tmb porfa gente hombre mujer amigo amiga amigos familia niños casa coche carro vuelo
    móvil celular teléfono cuenta tarjeta dinero servicio cliente pedido entrega reembolso
    factura problema pregunta respuesta equipo tienda juego música película programa noticias
    vida mundo ciudad país escuela trabajo empresa cosa cosas sin con para por entre sobre
    hasta desde contra gobierno presidente ministro política españa españoles elecciones voto
    economía salud vacaciones verano invierno fin de semana prensa periódicos televisión
    ganas huevadas ni idea feliz cumpleaños señor señora niño niña año pequeño mañana`,
};

/**
 * Marker words: frequent words of one language that are not words of English or of the other
 * six Latin-script languages here (written for Hearken from general knowledge, project licence).
 * Tweets mix languages, above all English with romanised Hindi, and the n-gram model follows
 * the majority of the words; one marker word settles the writer's language when the model's
 * answer has none of its own (language-identifier.ts). Left out on purpose: short words that
 * are also English or another language's word (hindi: hai, which is Italian too, main, me, to,
 * ho, hi, ye, hum, jab, log, mein, par, bas, tha, mere, acha, which is Portuguese too; german:
 * die, den, mein, man, war, hat, aus, im, gut; italian: sei, mia, fare, lei, il, ahah; portuguese:
 * com, mais, um, sua, vai, dos, das, são, and chat forms that are English abbreviations: nd as in
 * "2nd", mt, td, rs, msm; spanish: el, los, las, yo, del, es, ella, gracias; french: le, la, les,
 * plus, est, mon, qui, du, au, pour, ont, faire), names of places and people, and words English
 * tweets borrow often (ciao, fiesta, namaste). A word found in another language's seed list is
 * also dropped when the identifier is built.
 */
export const LANGUAGE_MARKER_WORDS: Readonly<Record<string, string>> = {
  hindi: `hain nahi nahin nhi kya kyu kyun kyon kyunki kyuki kyoki kyonki mujhe mujhko mujhse mera
    meri tera teri tere tumhara tumhari tumhare tumhe tumhein tujhe tumse aap aapka aapki aapke
    aapko aapne apka apki apke apko uska uski uske usko unka unki unke unko unhe unhone iska iski
    iske isko yeh hamara hamari hamare humko humein hume humne kuch kuchh bahut bohot bahot bht
    bhot bhi hoga hogi honge raha rahi rahe rha rhi rhe gaya gayi gaye gya gyi gye karna karo karta
    karti kiya kiye krna kro krte krta krti hota hoti hote thi accha achha achhi achchha yaar yrr
    bhai bhaiya toh kaise kaisa kaisi kahan kitna kitne kitni kaun kyaa lekin magar agar abhi phir
    wala wali wale liye saath pyaar pyar zindagi duniya hamesha matlab sirf shayad zaroor bilkul
    ekdum jaldi kabhi kaafi kafi apna apni apne khud sahi galat chahiye chahta chahti hoon hua hui
    hue karenge karega karegi jayega rahega rahegi dekho dekha suno bolo samajh pata chalo dena
    diya liya baat baatein dost ghar paisa paise kaam khana pani bura buri naya nayi purana bada
    badi chota choti khush pagal bekar bakwas bakwaas zabardast shukriya shukria dhanyavad
    dhanyawad arre arey thoda thodi zyada jyada theek thik thk kisi aisa aise waisa yahan wahan
    idhar udhar itna jitna tumne usne khushi ghanta bhagwan bhagwaan khuda milti milta sakta sakti
    sakte lagta lagti hamesha jaisa waise kahani gaana gaane mujhko wahi yahi nai`,
  german: `der und ist nicht ich wir auch noch schon sehr für von ein eine einen einem einer eines
    kein keine keinen nichts aber oder wenn dass weil bist sind habe haben hatte wird werden wurde
    kann können muss müssen jetzt heute gestern immer wieder danke bitte schön auf bei nach über
    wie wer warum wann dann doch nur geil krass leider endlich einfach vielleicht eigentlich
    wirklich natürlich gibt macht geht kommt sagt heißt weiß mir mich dich dir euch ihr ihm ihn
    sich diese dieser dieses viel viele mehr zum zur vom beim nein neue neuen gegen ohne unter
    durch zwischen seit schlecht tschüss bisschen gerade sowas jemand niemand etwas alles heißt
    möchte würde wäre hätte könnte sollte gesagt gemacht gesehen zusammen zurück morgen straße
    leute menschen`,
  italian: `sono anche però perché perchè perche quindi allora questo questa questi quello quella
    molto troppo tutto tutti tutte niente nulla nessuno oggi domani ieri adesso grazie della delle
    dello degli nella nelle nel sul sulla alla gli noi voi loro mio tuo suo hanno abbiamo avete
    essere fatto può puoi voglio vuoi meglio dove mentre dopo cioè comunque infatti magari davvero
    proprio stasera buongiorno buonanotte buonasera cmq nn xke qualcosa qualcuno ragazzi bellissimo
    bellissima stato stata siamo siete erano abbia sia fosse vorrei dobbiamo andare vado è piace
    piaciuto piacciono`,
  portuguese: `não nao você voce vc vcs tbm também tambem hj hoje kd cadê cade pqp mto muito muita
    muitos muitas obrigado obrigada obg vlw valeu blz beleza mds nossa então entao agora ainda isso
    isto esse essa desse dessa nesse nessa aquele aquela ele ela eles elas nós vocês meu minha tô
    tá tava estou estão fazer fazendo tem têm foi é uma sem nem tudo ninguém alguém kk rsrs rsrsrs
    parabéns parabens amanhã ontem mesmo cmg sdds saudade saudades demais disso nisso daqui dele
    dela deles numa pelo pela pelos pelas ao aos às nas coisa coisas melhor vou quero queria acho
    lá aí falar falando fica ficar ficou assim bem foda papo porra caralho poxa saiu deste desta
    neste nesta`,
  spanish: `muy pero también tambien hoy ayer mañana qué cómo están estoy estás soy eres fue hay
    hace hacer tengo tienes tiene tienen puedo puede quiero quiere siempre ahora entonces después
    despues donde dónde cuando cuándo esa eso esto ellos ellas nosotros usted ustedes mucho mucha
    muchos muchas mejor peor jajaja jaja jajajaja jajajajaja jeje buenas año años ningún ninguna
    nadie alguien tampoco todavía todavia aquí allí así asi pues sólo él cuál cuánto porfa vale
    mira pequeño niño niña señor señora hijo hija nuestro nuestra fueron estaba había hubo tenía
    pueden hizo dijo creo ahí bueno buena nuevo nueva días buenos pierde quiere`,
  french: `je nous vous ils elles c'est j'ai n'est qu'il qu'on l'on j'aime très aussi avec sans
    dans chez sont était être avoir fait peut veut merci bonjour bonsoir salut oui ça cela ceci
    cette ces aujourd'hui demain toujours jamais rien quelque beaucoup trop mdr ptdr aux une quoi
    pourquoi quand où déjà encore après notre votre leur leurs eux moi toi d'un d'une suis sommes
    êtes avez avons vais allez fois rien peu depuis vraiment alors donc ici là-bas quelqu'un
    personne chaque contre tout tous toute toutes même mieux nouveau nouvelle`,
};
