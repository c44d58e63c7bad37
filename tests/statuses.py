"""Sentences the onOffice pages state, written out by hand from data/desks/onoffice.yaml and
data/i18n/*.yaml, for the browser tests of statuses and the answer box."""

# The emergency services are paid: the price stands beside "active" (5.95 EUR per 5 minutes).
PRICE = {"de": ". Kosten: 5,95 € für jeden angefangenen Block von 5 Minuten",
         "it": ". Costo: 5,95 € per ogni 5 minuti o frazione",
         "es": ". Coste: 5,95 € por cada 5 minutos o fracción",
         "da": ". Pris: 5,95 € for hver påbegyndt blok på 5 minutter"}
# The night service answers until 07:30, the hotline until 22:00 (then the night service).
NIGHT = {"de": "Notfall-Support in der Nacht aktiv bis 07:30 Uhr, Antwort innerhalb von 10 Stunden",
         "it": "Assistenza di emergenza notturna attiva fino alle 07:30, risposta entro 10 ore",
         "es": "Soporte de emergencia nocturno activo hasta las 7:30, respuesta en un plazo "
               "de 10 horas",
         "da": "Nødsupport om natten aktiv indtil kl. 07.30, svar inden for 10 timer"}
HOTLINE = {"de": "Notfallhotline aktiv bis 22:00 Uhr, Antwort innerhalb von 2 Stunden",
           "it": "Linea di emergenza attiva fino alle 22:00, risposta entro 2 ore",
           "es": "Línea de emergencia activa hasta las 22:00, respuesta en un plazo de 2 "
                 "horas",
           "da": "Nødtelefon aktiv indtil kl. 22.00, svar inden for 2 timer"}
