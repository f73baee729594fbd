"""Demo accounts for a first look at the platform. Idempotent: existing accounts are kept."""

from dataclasses import dataclass

from elearn.auth import services
from elearn.auth.models import CoordinatorScope, Role, UserRole, UserStatus
from elearn.demo.authoring import start_demo_authoring
from elearn.demo.learning import start_demo_learning
from elearn.demo.trainers import start_demo_trainers
from elearn.orgs.reference import agency_by_english_name, ensure_reference_data

DEMO_PASSWORD = "Tbilisi-Kyiv-2026"  # nosec B105  # the demo accounts' published password


@dataclass(frozen=True)
class DemoAccount:
    email: str
    display_name: str
    latin_name: str
    agency: str
    locale: str
    roles: tuple[Role, ...] = (Role.TRAINEE,)
    status: UserStatus = UserStatus.ACTIVE
    scope: CoordinatorScope = CoordinatorScope.AGENCY


UA_POLICE = "National Police of Ukraine"
GE_MIA = "Ministry of Internal Affairs of Georgia"
MD_POLICE = "General Police Inspectorate of Moldova"
AM_POLICE = "Police of the Republic of Armenia"
AZ_MIA = "Ministry of Internal Affairs of Azerbaijan"

DEMO_ACCOUNTS = [
    DemoAccount(
        "admin@elearn.example",
        "Programme Administrator",
        "Programme Administrator",
        UA_POLICE,
        "en",
        (Role.ADMIN,),
    ),
    DemoAccount(
        "coordinator.ge@elearn.example",
        "ნინო ბერიძე",
        "Nino Beridze",
        GE_MIA,
        "ka",
        (Role.COORDINATOR,),
        scope=CoordinatorScope.COUNTRY,
    ),
    DemoAccount(
        "coordinator.md@elearn.example",
        "Ion Rusu",
        "Ion Rusu",
        MD_POLICE,
        "ro",
        (Role.COORDINATOR,),
    ),
    DemoAccount(
        "trainer@elearn.example",
        "Олена Коваленко",
        "Olena Kovalenko",
        UA_POLICE,
        "uk",
        (Role.TRAINER,),
    ),
    DemoAccount(
        "mentor@elearn.example",
        "Արամ Պետրոսյան",
        "Aram Petrosyan",
        AM_POLICE,
        "hy",
        (Role.TRAINER, Role.MENTOR),
    ),
    DemoAccount("trainee.am@elearn.example", "Անի Հակոբյան", "Ani Hakobyan", AM_POLICE, "hy"),
    DemoAccount("trainee.az@elearn.example", "Leyla Məmmədova", "Leyla Mammadova", AZ_MIA, "az"),
    DemoAccount("trainee.ge@elearn.example", "გიორგი კაპანაძე", "Giorgi Kapanadze", GE_MIA, "ka"),
    DemoAccount("tamar.ge@elearn.example", "თამარ ლომიძე", "Tamar Lomidze", GE_MIA, "ka"),
    DemoAccount("davit.ge@elearn.example", "დავით გელაშვილი", "Davit Gelashvili", GE_MIA, "ka"),
    DemoAccount("eka.ge@elearn.example", "ეკა ხარაიშვილი", "Eka Kharaishvili", GE_MIA, "en"),
    DemoAccount(
        "natalia.md@elearn.example",
        "Natalia Rusu",
        "Natalia Rusu",
        MD_POLICE,
        "ro",
        (Role.TRAINER,),
    ),
    DemoAccount("trainee.md@elearn.example", "Maria Ceban", "Maria Ceban", MD_POLICE, "ro"),
    DemoAccount(
        "translator.ka@elearn.example",
        "მარიამ წერეთელი",
        "Mariam Tsereteli",
        GE_MIA,
        "ka",
        (Role.TRANSLATOR,),
    ),
    DemoAccount(
        "trainee.ua@elearn.example", "Андрій Шевченко", "Andrii Shevchenko", UA_POLICE, "uk"
    ),
    DemoAccount(
        "pending.ge@elearn.example",
        "ლევან ჯაფარიძე",
        "Levan Japaridze",
        GE_MIA,
        "ka",
        status=UserStatus.PENDING,
    ),
    DemoAccount(
        "pending.md@elearn.example",
        "Vasile Munteanu",
        "Vasile Munteanu",
        MD_POLICE,
        "ro",
        status=UserStatus.PENDING,
    ),
]


def _create(account: DemoAccount) -> None:
    profile = services.Profile(
        email=account.email,
        display_name=account.display_name,
        latin_name=account.latin_name,
        agency_id=agency_by_english_name(account.agency).id,
        locale=account.locale,
    )
    user = services.register(profile, DEMO_PASSWORD)
    user.status = account.status
    user.role_rows = [UserRole(role=role) for role in account.roles]
    user.coordinator_scope = account.scope


def load_demo_data() -> list[DemoAccount]:
    """Create reference data, every missing demo account and, for courses already imported,
    demo trainees' enrolments and progress; returns the accounts."""
    ensure_reference_data()
    for account in DEMO_ACCOUNTS:
        if services.find_user_by_email(account.email) is None:
            _create(account)
    start_demo_learning()
    start_demo_trainers()
    start_demo_authoring()
    return DEMO_ACCOUNTS
