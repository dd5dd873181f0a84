"""Values that records are made of: money in one currency, a dated status step, an exchange
rate, and the currency codes the app accepts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

# ISO 4217 active codes (2024), so a typo such as "USS" is refused rather than stored.
CURRENCIES = frozenset("""
AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN
BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS
GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW
KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD
NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD
SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES
VND VUV WST XAF XCD XOF XPF YER ZAR ZMW ZWG
""".split())


@dataclass(frozen=True)
class Money:
    """An amount in one currency; never added to another currency without a rate."""

    amount: Decimal
    currency: str

    def __str__(self) -> str:
        return f"{self.amount:,.2f} {self.currency}"


@dataclass
class StatusChange:
    """One dated step of a status history."""

    status: str
    on: date
    note: str = ""


@dataclass
class ExchangeRate:
    """How many units of ``currency`` one U.S. dollar buys, as the user entered it on a date."""

    currency: str
    per_usd: Decimal
    on: date
