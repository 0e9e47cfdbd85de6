"""Words for the demo: the brief Auckland Transport publishes and what residents write."""

SUMMARY = (
    "Light rail is coming down Dominion Road. 21 m from building face to building face: "
    "how would you share it?"
)

BRIEF = """\
Light rail will run down the middle of **Dominion Road**. At the stations there are **21 m**
from building face to building face, enough for a central island platform — and not enough
for everything people want.

Keeping general traffic in both directions leaves no room for cycle, general and light-rail
lanes at three or four places, where cyclists would share with motorists for about 100 m.

**Your turn.** Open the proposed section, change it, and tell us why. The toolkit checks your
version against our engineers' rules as you go:

- the light-rail tracks and the island platform stay where they are;
- footpaths at both building faces;
- a bike lane right next to a traffic lane needs a buffer;
- the street must still move enough people.
"""

TITLES = [
    "Protected bike lanes both ways",
    "Trees instead of a traffic lane",
    "Wider footpaths for shops",
    "Bus lane northbound",
    "Outdoor dining strip",
    "Buffer between bikes and cars",
    "Parking out, bikes in",
    "Greener Dominion Road",
    "Safer crossing at the station",
    "Room for a parklet",
    "One traffic lane, more people",
    "Keep a lane each way",
]

RATIONALES = [
    "I ride here every day and the painted lane next to buses feels unsafe.",
    "The shops need wider footpaths: on Saturdays people walk on the road.",
    "Trees make the street cooler and slow traffic down near the station.",
    "Deliveries need somewhere to stop, otherwise they'll block the tracks.",
    "Light rail moves the people; cars don't need two lanes here.",
    "My kids walk to school along here. More space between them and traffic, please.",
    "A buffer strip keeps car doors out of the bike lane.",
    "Cafés would use the extra room and bring life back to the road.",
]
