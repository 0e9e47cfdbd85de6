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

CARGO_SUMMARY = (
    "The co-op is buying one more shared cargo bike. Configure the one you would book most: "
    "price, range and weight update as you choose."
)

CARGO_BRIEF = """\
Members booked our two cargo bikes **1,140 times** last year and the waiting list keeps growing,
so the co-op is buying a third. You know what the school run, the market shop and the
Saturday hardware trip need better than we do.

**Configure it.** Pick the frame, the cargo space, the motor and battery, wheels, brakes,
gears and lights, and how many children it carries. The toolkit checks your bike against what
our supplier can build and against the law (e-bikes up to 300 W), and shows its price, range
and weight as you go. We have **NZD 9,000** to spend.
"""

CARGO_TITLES = [
    "The school-run bike",
    "Light and cheap",
    "Market day hauler",
    "Three kids, one bike",
    "Hills of Grey Lynn",
    "Rain-proof box",
    "Long range for the west",
    "Keep it simple",
]

CARGO_RATIONALES = [
    "Most bookings are the school run: two seats and a canopy matter more than range.",
    "A lighter bike fits the lift at my apartment and is easier to lend to new members.",
    "We carry boxes from the market: a flatbed and good brakes, no seats needed.",
    "The hills need a mid-drive; a hub motor overheats on Ponsonby Road.",
    "Keep it under budget so the co-op can afford servicing too.",
]

# What residents say about one part of someone's design, by part type.
PART_REMARKS = {
    "sidewalk": "Is this footpath wide enough for prams passing outside the shops on a Saturday?",
    "bike-lane": "Love a lane here, but what keeps delivery vans from parking in it?",
    "drive-lane": "Could this lane be narrower? 3 m is plenty when light rail takes the buses.",
    "light-rail": "Tracks are locked, I know; just checking the platform still lines up.",
    "transit-shelter": "A shelter this size fills up at 8 am. Room for a second one?",
    "divider": "A planted divider here would also soak up stormwater.",
    "sidewalk-tree": "Trees here would shade the bus stop in summer.",
    "outdoor-dining": "The cafés on this block would use every metre of this.",
    "parklet": "Who looks after the parklet? Happy to help with ours.",
    "bus-lane": "With light rail running, does this bus lane still earn its space?",
    "parking-lane": "Parking here means car doors next to the bike lane.",
}
PART_REMARK_DEFAULT = "What's the thinking behind this part? It looks tight to me."

COMMENTS = [
    "This is the first one that keeps both footpaths *and* a buffer. Supported.",
    "I'd trade the second traffic lane for this in a heartbeat.",
    "How do deliveries work with this layout? The dairies need a loading spot.",
    "Great start. I remixed it with a wider footpath on the east side.",
    "Capacity is still above the minimum, so it meets AT's rules. Nice work.",
    "Not convinced: removing lanes just pushes traffic onto Sandringham Road.",
    "As a bus driver: please keep the kerbside clear at stops.",
    "My kids cycle here. The buffer makes all the difference.",
]
REPLIES = [
    "@{author} good question, I was thinking the side streets could take loading.",
    "Agree with @{author}. Worth a remix with that changed.",
    "@{author} the rules allow it as long as capacity stays above the line.",
]
CARGO_COMMENTS = [
    "The canopy is a must for the school run in winter.",
    "Could we get a cheaper battery and charge it more often?",
    "Disc brakes please: the Franklin Road hill is steep with two kids on board.",
]
