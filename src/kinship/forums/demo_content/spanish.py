"""The demo forums' Spanish-language board.

Every person, story and detail here is made up (see `demo_content`)."""

from kinship.forums.demo_content.shapes import DemoBoard, P, T

SPANISH = DemoBoard(
    slug="en-espanol",
    name="En español",
    description="Para hablar en español de la recuperación, la salud mental y la vida diaria.",
    language="es",
    guidelines=(
        "- Escribe como te salga: aquí nadie corrige la ortografía.\n"
        "- Habla desde tu experiencia. Usa tu apodo, no tu nombre completo, y no compartas "
        "teléfonos ni direcciones.\n"
        "- Si hablas de algo difícil (una recaída, una hospitalización), añade un aviso de "
        "contenido.\n"
        "- Si estás en peligro, llama o escribe al 988 (marca 2 para español) o usa **Ayuda "
        "ahora**. En una emergencia, llama al 911."
    ),
    followers=("peer",),
    threads=(
        T(
            "Hola a todos, soy nueva aquí",
            posts=(
                P(
                    "marisol",
                    "13d 23:30",
                    "Hola. Hoy cumplo 40 días sin tomar alcohol. Vivo con trastorno "
                    "bipolar y salí del hospital hace poco. En la clínica vi un volante "
                    "de Kinship y aquí estoy.\n\n"
                    "Me da un poco de vergüenza escribir, pero quería saludar.",
                    strength=6,
                ),
                P(
                    "peer",
                    "12d 00:10",
                    "¡Bienvenida, @{marisol}! Cuarenta días es mucho trabajo. Aquí no hay "
                    "nada de qué avergonzarse. Cuando quieras, los jueves tenemos el grupo "
                    "Esperanza, en persona y en español.",
                    thanks=2,
                ),
                P(
                    "luis",
                    "12d 09:45",
                    "Bienvenida. Yo también llegué con vergüenza y ahora no me callo, jaja. "
                    "Poco a poco.",
                    me_too=1,
                ),
                P(
                    "carmen",
                    "12d 20:30",
                    "Qué bueno que escribiste.",
                    quote=(0, "Hoy cumplo 40 días sin tomar alcohol."),
                    strength=2,
                ),
                P(
                    "marisol",
                    "11d 22:15",
                    "Gracias de corazón. No esperaba tantas respuestas.",
                    thanks=3,
                ),
            ),
        ),
        T(
            "¿Quién va al grupo Esperanza los jueves?",
            posts=(
                P(
                    "luis",
                    "6d 12:00",
                    "Este jueves quiero ir por primera vez al grupo Esperanza. ¿Cómo es? "
                    "¿Hay que hablar o se puede solo escuchar?",
                ),
                P(
                    "peer",
                    "6d 13:20",
                    "Se puede solo escuchar, claro. Empezamos con una ronda corta y cada "
                    "quien dice su nombre o su apodo, si quiere. Hay café.",
                    thanks=3,
                ),
                P(
                    "rafa",
                    "6d 19:05",
                    "Yo voy casi todos los jueves. La primera vez no dije nada y nadie me "
                    "presionó. Nos vemos allí.",
                    thanks=1,
                ),
            ),
        ),
        T(
            "Cómo explicarle a mi mamá lo del doble diagnóstico",
            posts=(
                P(
                    "carmen",
                    "27d 21:00",
                    "Mi mamá piensa que la depresión se quita con fuerza de voluntad y que "
                    "lo del alcohol es falta de carácter. La quiero mucho, pero cada "
                    "conversación termina en pleito.\n\n"
                    "¿Alguien ha logrado explicarle a su familia que son dos cosas que se "
                    "tratan juntas? ¿Qué palabras usaron?",
                    me_too=4,
                ),
                P(
                    "nora",
                    "27d 22:10",
                    "A mí me ayudó no intentar explicarlo todo en una sola plática. Le "
                    "llevé un folleto de la clínica, en español, y lo leímos juntas. "
                    "Tardó meses, pero ahora me pregunta cómo me fue en el grupo.",
                    thanks=3,
                ),
                P(
                    "peer",
                    "26d 09:30",
                    "Hay un grupo para familias, Familias en Camino, los domingos en "
                    "línea. A veces las familias escuchan mejor a otras familias que a "
                    "nosotros.",
                    thanks=2,
                ),
            ),
        ),
        T(
            "Pequeñas victorias de la semana",
            posts=(
                P(
                    "rafa",
                    "3d 19:00",
                    "Empiezo yo:\n\n"
                    "- Fui a trabajar los cinco días\n"
                    "- Llamé a mi hermana\n"
                    "- Cociné frijoles como los de mi abuela (casi)\n\n"
                    "¿Y ustedes?",
                    strength=4,
                ),
                P(
                    "marisol",
                    "2d 22:30",
                    "Fui a mi cita con la psiquiatra y le conté todo. Y dormí bien tres "
                    "noches seguidas.",
                    strength=5,
                ),
                P(
                    "nora",
                    "1d 18:45",
                    "Caminé al parque con mi perrita. Parece poco, pero hace un mes no "
                    "salía de la casa.",
                    strength=3,
                    me_too=1,
                ),
            ),
        ),
    ),
)
