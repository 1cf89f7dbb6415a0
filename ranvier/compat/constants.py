"""Physical constants with units, as ``brian2.units.constants`` has them.

The values are the CODATA 2014 recommendations, the set Brian 2.9 uses,
so a script computing reversal potentials or thermal voltages gets the
same numbers on ranvier as on Brian 2 (the 2019 SI redefinition changed
several of them in the eighth or ninth digit).
"""

from __future__ import annotations

import math

from ranvier.units import (Quantity, amp, farad, henry, joule, kelvin,
                           kilogram, metre, mole, second)

__all__ = ["avogadro_constant", "boltzmann_constant", "electric_constant",
           "electron_mass", "elementary_charge", "faraday_constant",
           "gas_constant", "magnetic_constant", "molar_mass_constant",
           "zero_celsius"]


def _exact(value: float, unit) -> Quantity:
    # The value as written: multiplying by a compound unit could round it.
    return Quantity.with_dimensions(value, unit.dim)


#: Avogadro constant, N_A
avogadro_constant = _exact(6.022140857e23, 1 / mole)
#: Boltzmann constant, k
boltzmann_constant = _exact(1.38064852e-23, joule / kelvin)
#: Vacuum permittivity, epsilon_0 = 1 / (mu_0 c^2)
electric_constant = _exact(8.854187817e-12, farad / metre)
#: Electron rest mass, m_e
electron_mass = _exact(9.10938356e-31, kilogram)
#: Elementary charge, e
elementary_charge = _exact(1.6021766208e-19, amp * second)
#: Faraday constant, F = N_A e
faraday_constant = _exact(96485.33289, amp * second / mole)
#: Molar gas constant, R = N_A k
gas_constant = _exact(8.3144598, joule / (mole * kelvin))
#: Vacuum permeability, mu_0 = 4 pi 1e-7 H/m (exact before 2019)
magnetic_constant = _exact(4 * math.pi * 1e-7, henry / metre)
#: Molar mass constant, M_u
molar_mass_constant = _exact(1e-3, kilogram / mole)
#: 0 degrees Celsius in kelvin
zero_celsius = _exact(273.15, kelvin)
