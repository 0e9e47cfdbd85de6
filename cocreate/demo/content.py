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

# What people say, by stance: a comment is tagged with the stance of the list it comes from.
# A resident's remark about one part of a design, by part type: (stance, words).
PART_REMARKS = {
    "sidewalk": ("neutral", "Is this footpath wide enough for prams passing on a Saturday?"),
    "bike-lane": ("neutral", "What keeps delivery vans from parking in this bike lane?"),
    "drive-lane": ("neutral", "Could this lane be narrower? Light rail takes most of the buses."),
    "light-rail": ("neutral", "Tracks are locked, I know; just checking the platform lines up."),
    "transit-shelter": ("neutral", "A shelter this size fills up at 8 am. Room for a second?"),
    "divider": ("for", "A buffer here is exactly what this bike lane needed. Supported."),
    "sidewalk-tree": ("for", "Love these trees: they would shade the stop in summer."),
    "outdoor-dining": ("for", "Yes please: the cafés on this block would use every metre."),
    "parklet": ("neutral", "Who looks after the parklet? Happy to help with ours."),
    "bus-lane": ("neutral", "With light rail running, does this bus lane still earn its space?"),
    "parking-lane": ("against", "Not convinced: vans pulling in here cross the bike lane."),
    "sidewalk-bench": ("for", "Somewhere to sit on the way to the stop: yes please."),
    "sidewalk-bike-rack": ("for", "Bike racks by the station. I agree, we need them."),
}
# Words that give a comment's stance away: a comment of one stance uses none of the other's.
FOR_WORDS = ("Supported", "I agree", "Yes please", "yes please", "Love", "Backing")
AGAINST_WORDS = ("Not convinced", "Against", "against", "Worried", "won't work", "can't support")
COMMENTS = {
    "for": [
        "Supported. This is the version I'd want outside my shop.",
        "I agree with every metre of this. Backing it.",
        "Yes please: my kids could walk to school along here.",
        "Love it. Worth trying at the next station too.",
        "Supported: it keeps the street moving and makes it nicer to be on.",
    ],
    "against": [
        "Not convinced: taking room from cars just pushes traffic onto Sandringham Road.",
        "I'm against this one: the shops need their deliveries more than this.",
        "Worried this squeezes the people waiting at the stop; I can't support it as drawn.",
        "This won't work at rush hour, sorry.",
    ],
    "neutral": [
        "How do deliveries work with this layout? The dairies need a loading spot.",
        "What happens at the intersection with Balmoral Road?",
        "Has anyone checked how this fits the bus timetable?",
        "How does this look at night: is there enough lighting?",
    ],
}
CARGO_COMMENTS = {
    "for": [
        "Supported: the canopy is a must for the school run in winter.",
        "I agree, this is the one I'd book most weekends.",
    ],
    "against": [
        "Not convinced we need this much battery; charging it more often is cheaper.",
        "Worried about the weight: it won't fit in my building's lift.",
    ],
    "neutral": [
        "Disc brakes? The Franklin Road hill is steep with two kids on board.",
        "How long does the battery take to charge between bookings?",
    ],
}
# The author's answer to a comment, by the comment's stance.
REPLIES = {
    "for": [
        "Thanks @{author}! Tell your neighbours, every supporter counts.",
        "Cheers @{author}, glad it works for you.",
    ],
    "against": [
        "Fair point @{author}; a remix with that fixed would be welcome.",
        "@{author} I hear you. I'd rather try it for a year and measure.",
    ],
    "neutral": [
        "@{author} good question: I'll measure it on site and post what I find.",
        "@{author} I haven't checked yet; I'll update the design if it needs it.",
    ],
}
# The organization's staff join the conversation on the most supported proposals.
STAFF_COMMENTS = [
    "{organization} here: thanks for this. We read every proposal, and this one is in the pile "
    "our designers look at first.",
    "{organization} here: our engineers will run this through the traffic modelling, and "
    "we'll say what we found in our answer.",
    "{organization} here: we've shared this design with the local business association.",
]
