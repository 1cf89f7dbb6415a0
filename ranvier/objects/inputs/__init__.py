"""Input objects: Poisson spike sources, Poisson input to a variable, and
spike generators from given times."""

from ranvier.objects.inputs.poissongroup import PoissonGroup
from ranvier.objects.inputs.poissoninput import PoissonInput
from ranvier.objects.inputs.spikegenerator import SpikeGeneratorGroup

__all__ = ["PoissonGroup", "PoissonInput", "SpikeGeneratorGroup"]
