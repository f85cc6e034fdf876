#include "models/DemoDataGenerator.h"

#include <algorithm>
#include <array>
#include <cstddef>

namespace FirstStop {

namespace {

// ---------------------------------------------------------------------------------------------
// Hashing. Only integer arithmetic with fixed widths, so every compiler and CPU agrees.

constexpr quint64 kGolden = 0x9e3779b97f4a7c15ULL;

constexpr quint64 mix64(quint64 x)
{
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

// Independent streams per purpose (salt), so e.g. a person's name does not change when the way
// their address is drawn changes, and a near-duplicate can borrow another index's name.
enum Salt : quint64
{
    SaltCore = 1,
    SaltContact = 2,
    SaltTwin = 3,
    SaltId = 4,
    SaltFeistel = 5,
};

constexpr quint64 streamKey(quint64 seed, qint64 index, Salt salt)
{
    return mix64(mix64(seed + kGolden * salt) ^ mix64(static_cast<quint64>(index) + kGolden));
}

// A splitmix64 sequence: tiny, fast and identical everywhere.
class Stream final
{
public:
    explicit constexpr Stream(quint64 key)
        : m_state(key)
    {}
    quint64 next()
    {
        m_state += kGolden;
        return mix64(m_state);
    }
    // Uniform in [0, n) by multiply-shift (Lemire), no modulo bias worth speaking of.
    quint32 below(quint32 n) { return static_cast<quint32>(((next() >> 32) * n) >> 32); }
    // True with probability perTenThousand / 10000.
    bool chance(quint32 perTenThousand) { return below(10000) < perTenThousand; }

private:
    quint64 m_state;
};

// ---------------------------------------------------------------------------------------------
// Weighted picks. Common names are much more common than rare ones: rank r gets weight
// kZipfScale / (r + kZipfOffset), in integers so the cumulative table is exact everywhere and is
// built at compile time.

constexpr quint32 kZipfScale = 1000000;
constexpr quint32 kZipfOffset = 4;

template <std::size_t N>
constexpr std::array<quint32, N> zipfCumulative()
{
    std::array<quint32, N> out{};
    quint32 total = 0;
    for (std::size_t i = 0; i < N; ++i) {
        total += kZipfScale / static_cast<quint32>(i + kZipfOffset);
        out[i] = total;
    }
    return out;
}

template <std::size_t N>
struct ZipfTable
{
    static constexpr std::array<quint32, N> cumulative = zipfCumulative<N>();
};

template <typename T, std::size_t N>
const T &pickZipf(const T (&table)[N], Stream &s)
{
    const auto &cumulative = ZipfTable<N>::cumulative;
    const quint32 r = s.below(cumulative[N - 1]);
    const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), r);
    return table[static_cast<std::size_t>(it - cumulative.begin())];
}

template <typename T, std::size_t N>
const T &pickUniform(const T (&table)[N], Stream &s)
{
    return table[s.below(static_cast<quint32>(N))];
}

// Picks an index by explicit integer weights.
template <std::size_t N>
std::size_t pickWeighted(const quint32 (&weights)[N], Stream &s)
{
    quint32 total = 0;
    for (const quint32 w : weights) {
        total += w;
    }
    quint32 r = s.below(total);
    for (std::size_t i = 0; i < N; ++i) {
        if (r < weights[i]) {
            return i;
        }
        r -= weights[i];
    }
    return N - 1;
}

// Static UTF-16 literals become QStrings without copying (as QStringLiteral does).
QString str(QStringView v)
{
    return QString::fromRawData(v.data(), v.size());
}

// ---------------------------------------------------------------------------------------------
// Name tables, most common first. Given names are strictly split by gender so that gendered
// family-name forms (Ní/Nic/Uí/Mhic, -ska, -aitė/-ienė, Kaur, Begum, ferch) always meet a
// matching given name. `nick` is a familiar form some people ask to be called by.

struct GivenName
{
    QStringView name;
    QStringView nick = {};
};

// A family name in its male form, the form for a daughter/unmarried woman and the form for a
// married woman (empty = same as the one before).
struct FamilyName
{
    QStringView male;
    QStringView female = {};
    QStringView wife = {};
};

// clang-format off
// English given names by era, because a resident born in 1935 is rarely called Isla.
constexpr GivenName kEnglishMaleTraditional[] = {
    {u"Kenneth", u"Ken"}, {u"Ronald", u"Ron"}, {u"Derek"}, {u"Brian"}, {u"Keith"}, {u"Colin"},
    {u"Roy"}, {u"Dennis"}, {u"Raymond", u"Ray"}, {u"Leonard", u"Len"}, {u"Gordon"},
    {u"Stanley", u"Stan"}, {u"Albert", u"Bert"}, {u"Frederick", u"Fred"}, {u"Harold"}, {u"Alan"},
    {u"Terence", u"Terry"}, {u"Geoffrey", u"Geoff"}, {u"Malcolm"}, {u"Barry"}, {u"Trevor"},
    {u"Clive"}, {u"Graham"}, {u"Nigel"}, {u"Roger"}, {u"Bernard"}, {u"Norman"}, {u"Douglas"},
    {u"Walter", u"Wally"}, {u"Ernest", u"Ernie"}, {u"Cyril"}, {u"Wilfred", u"Wilf"}, {u"Percy"},
    {u"Reginald", u"Reg"}, {u"Herbert", u"Bert"}, {u"Sidney", u"Sid"}, {u"Eric"},
    {u"Victor", u"Vic"}, {u"Maurice"}, {u"Donald", u"Don"}, {u"Gerald", u"Gerry"}, {u"Howard"},
};
constexpr GivenName kEnglishFemaleTraditional[] = {
    {u"Margaret", u"Peggy"}, {u"Dorothy", u"Dot"}, {u"Joan"}, {u"Jean"}, {u"Brenda"},
    {u"Barbara", u"Babs"}, {u"Pauline"}, {u"Patricia", u"Pat"}, {u"Sheila"}, {u"Doreen"},
    {u"Maureen", u"Mo"}, {u"Irene"}, {u"Valerie", u"Val"}, {u"Christine", u"Chris"}, {u"Janet"},
    {u"Shirley"}, {u"Elsie"}, {u"Edna"}, {u"Gladys"}, {u"Mavis"}, {u"Beryl"}, {u"Audrey"},
    {u"Marjorie", u"Madge"}, {u"Kathleen", u"Kath"}, {u"Eileen"}, {u"Winifred", u"Winnie"},
    {u"Gwendoline", u"Gwen"}, {u"Hilda"}, {u"Mildred", u"Millie"}, {u"Ethel"}, {u"Rita"},
    {u"Sylvia"}, {u"Gillian", u"Gill"}, {u"Carol"}, {u"Susan", u"Sue"}, {u"Linda"}, {u"Elaine"},
    {u"Lesley"}, {u"Jennifer", u"Jenny"}, {u"June"}, {u"Iris"}, {u"Muriel"}, {u"Phyllis"},
    {u"Vera"}, {u"Yvonne"},
};
constexpr GivenName kEnglishMaleGeneral[] = {
    {u"John", u"Jack"}, {u"David", u"Dave"}, {u"Michael", u"Mike"}, {u"Paul"}, {u"Andrew", u"Andy"},
    {u"Mark"}, {u"Richard", u"Rich"}, {u"Peter", u"Pete"}, {u"James", u"Jim"}, {u"Robert", u"Bob"},
    {u"William", u"Bill"}, {u"Stephen", u"Steve"}, {u"Christopher", u"Chris"}, {u"Thomas", u"Tom"},
    {u"Daniel", u"Dan"}, {u"Matthew", u"Matt"}, {u"Anthony", u"Tony"}, {u"Simon"}, {u"Martin"},
    {u"Gary"}, {u"Stuart"}, {u"Neil"}, {u"Ian"}, {u"Kevin"}, {u"Philip", u"Phil"},
    {u"Jonathan", u"Jon"}, {u"Lee"}, {u"Craig"}, {u"Jason"}, {u"Darren"}, {u"Wayne"}, {u"Carl"},
    {u"Sean"}, {u"Edward", u"Ted"}, {u"Timothy", u"Tim"}, {u"Nicholas", u"Nick"},
    {u"Benjamin", u"Ben"}, {u"Adam"}, {u"Samuel", u"Sam"}, {u"Joseph", u"Joe"}, {u"Luke"},
    {u"Nathan"}, {u"Ryan"}, {u"Scott"}, {u"Alexander", u"Alex"}, {u"Patrick", u"Paddy"},
    {u"Charles", u"Charlie"}, {u"George"}, {u"Henry", u"Harry"}, {u"Gavin"}, {u"Dean"},
    {u"Russell"}, {u"Shaun"}, {u"Marcus"}, {u"Jeremy"}, {u"Julian"},
};
constexpr GivenName kEnglishFemaleGeneral[] = {
    {u"Sarah"}, {u"Emma"}, {u"Rachel"}, {u"Claire"}, {u"Helen"}, {u"Elizabeth", u"Liz"},
    {u"Catherine", u"Cath"}, {u"Katherine", u"Kate"}, {u"Louise"}, {u"Nicola", u"Nicky"},
    {u"Rebecca", u"Becky"}, {u"Victoria", u"Vicky"}, {u"Joanne", u"Jo"}, {u"Lisa"}, {u"Michelle"},
    {u"Amanda", u"Mandy"}, {u"Karen"}, {u"Julie"}, {u"Tracey"}, {u"Donna"}, {u"Kelly"}, {u"Hannah"},
    {u"Laura"}, {u"Amy"}, {u"Jessica", u"Jess"}, {u"Lucy"}, {u"Charlotte", u"Lottie"}, {u"Sophie"},
    {u"Anna"}, {u"Alice"}, {u"Mary", u"Molly"}, {u"Jane"}, {u"Ann"}, {u"Anne"},
    {u"Deborah", u"Debbie"}, {u"Samantha", u"Sam"}, {u"Jacqueline", u"Jackie"}, {u"Alison"},
    {u"Natalie"}, {u"Gemma"}, {u"Kirsty"}, {u"Naomi"}, {u"Ruth"}, {u"Esther"}, {u"Caroline"},
    {u"Angela"}, {u"Diane"}, {u"Sharon"}, {u"Wendy"}, {u"Heather"}, {u"Kerry"}, {u"Leanne"},
    {u"Stacey"}, {u"Danielle", u"Dani"}, {u"Zoë"},
};
constexpr GivenName kEnglishMaleModern[] = {
    {u"Oliver", u"Ollie"}, {u"Jack"}, {u"Harry"}, {u"Noah"}, {u"Leo"}, {u"Oscar"}, {u"Charlie"},
    {u"Jacob", u"Jake"}, {u"Alfie"}, {u"Freddie"}, {u"Archie"}, {u"Theo"}, {u"Arthur"}, {u"Finley"},
    {u"Riley"}, {u"Mason"}, {u"Ethan"}, {u"Logan"}, {u"Jayden"}, {u"Kai"}, {u"Tyler"}, {u"Callum"},
    {u"Reece"}, {u"Lewis"}, {u"Jamie"}, {u"Toby"}, {u"Max"}, {u"Joshua", u"Josh"}, {u"Isaac"},
    {u"Elliot"}, {u"Zac"}, {u"Harrison"}, {u"Louie"}, {u"Teddy"}, {u"Albie"}, {u"Reuben"},
    {u"Bradley", u"Brad"}, {u"Connor"}, {u"Kieran"},
};
constexpr GivenName kEnglishFemaleModern[] = {
    {u"Olivia", u"Liv"}, {u"Amelia", u"Millie"}, {u"Isla"}, {u"Ava"}, {u"Mia"}, {u"Ella"},
    {u"Emily"}, {u"Grace"}, {u"Poppy"}, {u"Lily"}, {u"Isabella", u"Bella"}, {u"Sophia"}, {u"Evie"},
    {u"Freya"}, {u"Ruby"}, {u"Chloe"}, {u"Zoe"}, {u"Jasmine", u"Jas"}, {u"Megan"}, {u"Holly"},
    {u"Ellie"}, {u"Phoebe"}, {u"Imogen", u"Immy"}, {u"Daisy"}, {u"Chloë"}, {u"Scarlett"},
    {u"Willow"}, {u"Maisie"}, {u"Harriet", u"Hattie"}, {u"Eleanor", u"Ellie"},
    {u"Matilda", u"Tilly"}, {u"Florence", u"Flo"}, {u"Erin"}, {u"Lola"}, {u"Esmé"}, {u"Aria"},
    {u"Layla"}, {u"Abigail", u"Abbie"}, {u"Courtney"}, {u"Bethany", u"Beth"},
};

constexpr GivenName kWelshMale[] = {
    {u"Dafydd", u"Dai"}, {u"Rhys"}, {u"Dylan"}, {u"Gareth"}, {u"Huw"}, {u"Ieuan"}, {u"Iolo"},
    {u"Llŷr"}, {u"Rhodri"}, {u"Gruffudd", u"Guto"}, {u"Geraint"}, {u"Gwilym", u"Gwil"}, {u"Emyr"},
    {u"Aled"}, {u"Owain"}, {u"Osian"}, {u"Tomos", u"Twm"}, {u"Gethin"}, {u"Hywel"}, {u"Siôn"},
    {u"Ifan"}, {u"Iestyn"}, {u"Elis"}, {u"Cai"}, {u"Macsen"}, {u"Meilyr"}, {u"Steffan"}, {u"Bryn"},
    {u"Cynan"}, {u"Deiniol"}, {u"Dewi"}, {u"Tudur"}, {u"Idris"}, {u"Islwyn"}, {u"Trefor"},
    {u"Gwynfor"}, {u"Alun"}, {u"Emrys"}, {u"Einion"}, {u"Ioan"}, {u"Caradog"}, {u"Berwyn"},
    {u"Goronwy", u"Gron"}, {u"Iwan"}, {u"Sion"},
};
constexpr GivenName kWelshFemale[] = {
    {u"Siân"}, {u"Rhiannon"}, {u"Gwenllian", u"Gwen"}, {u"Angharad"}, {u"Cerys"}, {u"Ffion"},
    {u"Nia"}, {u"Elin"}, {u"Eleri"}, {u"Lowri"}, {u"Mared"}, {u"Bethan"}, {u"Carys"}, {u"Catrin"},
    {u"Heledd"}, {u"Seren"}, {u"Mali"}, {u"Alaw"}, {u"Non"}, {u"Nerys"}, {u"Sioned"}, {u"Tegwen"},
    {u"Mererid"}, {u"Manon"}, {u"Eirlys"}, {u"Gwenno"}, {u"Lleucu"}, {u"Efa"}, {u"Glesni"},
    {u"Nest"}, {u"Awen"}, {u"Enfys"}, {u"Elen"}, {u"Meinir"}, {u"Haf"}, {u"Morfudd"}, {u"Buddug"},
    {u"Llinos"}, {u"Menna"}, {u"Rhian"}, {u"Myfanwy", u"Myfi"}, {u"Mair"}, {u"Gwawr"}, {u"Sian"},
    {u"Tesni"},
};
constexpr GivenName kIrishMale[] = {
    {u"Seán"}, {u"Pádraig", u"Páidí"}, {u"Cian"}, {u"Oisín"}, {u"Darragh"}, {u"Eoin"}, {u"Conor"},
    {u"Ciarán"}, {u"Colm"}, {u"Dónal"}, {u"Diarmuid"}, {u"Fionn"}, {u"Liam"}, {u"Cathal"},
    {u"Tadhg"}, {u"Ruairí"}, {u"Séamus"}, {u"Tomás"}, {u"Niall"}, {u"Éamonn"}, {u"Rónán"},
    {u"Caoimhín"}, {u"Cillian"}, {u"Breandán"}, {u"Peadar"}, {u"Micheál"}, {u"Aodhán"}, {u"Lorcan"},
    {u"Fiachra"}, {u"Odhrán"}, {u"Senan"}, {u"Donncha"}, {u"Seosamh"}, {u"Daithí"}, {u"Declan"},
    {u"Kieran"}, {u"Brendan"}, {u"Dermot"}, {u"Fergal"}, {u"Cormac"}, {u"Enda"}, {u"Shane"},
    {u"Killian"}, {u"Ronan"}, {u"Conall"},
};
constexpr GivenName kIrishFemale[] = {
    {u"Siobhán"}, {u"Aoife"}, {u"Niamh"}, {u"Caoimhe"}, {u"Saoirse"}, {u"Róisín"}, {u"Orla"},
    {u"Sinéad"}, {u"Aisling"}, {u"Clodagh"}, {u"Gráinne"}, {u"Máire"}, {u"Bríd"}, {u"Síle"},
    {u"Eimear"}, {u"Áine"}, {u"Nuala"}, {u"Deirdre"}, {u"Méabh"}, {u"Sorcha"}, {u"Ciara"},
    {u"Éabha"}, {u"Laoise"}, {u"Muireann"}, {u"Úna"}, {u"Fionnuala", u"Nuala"}, {u"Nóirín"},
    {u"Treasa"}, {u"Caitríona"}, {u"Mairéad"}, {u"Órla"}, {u"Ailbhe"}, {u"Clíona"}, {u"Bronagh"},
    {u"Siobhan"}, {u"Aoibheann"}, {u"Orlaith"}, {u"Sadhbh"}, {u"Gobnait"}, {u"Dearbhla"},
    {u"Mairead"}, {u"Nora"}, {u"Bridget", u"Biddy"}, {u"Noreen"}, {u"Sinead"},
};
constexpr GivenName kScottishMale[] = {
    {u"Hamish"}, {u"Alasdair", u"Ally"}, {u"Fraser"}, {u"Ewan"}, {u"Iain"}, {u"Angus", u"Gus"},
    {u"Murdo"}, {u"Ruaridh"}, {u"Euan"}, {u"Gregor"}, {u"Duncan"}, {u"Lachlan", u"Lachie"},
    {u"Finlay"}, {u"Alistair"}, {u"Calum"}, {u"Ross"}, {u"Struan"}, {u"Torquil"},
};
constexpr GivenName kScottishFemale[] = {
    {u"Ailsa"}, {u"Morag"}, {u"Eilidh"}, {u"Fiona"}, {u"Catriona"}, {u"Mhairi"}, {u"Shona"},
    {u"Iona"}, {u"Kirsteen"}, {u"Elspeth", u"Elsie"}, {u"Morven"}, {u"Rhona"}, {u"Seonaid"},
    {u"Isobel", u"Isla"}, {u"Kirstin"}, {u"Lorna"}, {u"Marion"},
};
constexpr GivenName kMuslimSouthAsianMale[] = {
    {u"Mohammed"}, {u"Muhammad"}, {u"Mohammad"}, {u"Imran"}, {u"Tariq"}, {u"Yusuf"}, {u"Ibrahim"},
    {u"Hamza"}, {u"Zain"}, {u"Abdul"}, {u"Bilal"}, {u"Adnan"}, {u"Asif"}, {u"Faisal"}, {u"Kamran"},
    {u"Nadeem"}, {u"Rizwan"}, {u"Shahid"}, {u"Usman"}, {u"Zubair"}, {u"Aftab"}, {u"Jamal"},
    {u"Rafiq"}, {u"Shafiq"},
};
constexpr GivenName kMuslimSouthAsianFemale[] = {
    {u"Fatima"}, {u"Aisha"}, {u"Ayesha"}, {u"Nasreen"}, {u"Shabana"}, {u"Rukhsana"}, {u"Zainab"},
    {u"Maryam"}, {u"Amina"}, {u"Nusrat"}, {u"Taslima"}, {u"Sadia"}, {u"Rehana"}, {u"Parveen"},
    {u"Shazia"}, {u"Samina"}, {u"Farzana"}, {u"Hafsa"}, {u"Sumaya"}, {u"Nazia"}, {u"Rubina"},
    {u"Salma"}, {u"Jannat"},
};
constexpr GivenName kHinduMale[] = {
    {u"Arjun"}, {u"Rajesh", u"Raj"}, {u"Sanjay"}, {u"Amit"}, {u"Ravi"}, {u"Vikram", u"Vik"},
    {u"Rahul"}, {u"Sunil"}, {u"Anil"}, {u"Deepak"}, {u"Nikhil"}, {u"Pranav"}, {u"Rohan"},
    {u"Suresh"}, {u"Vijay"}, {u"Ashok"}, {u"Hitesh"}, {u"Mahesh"}, {u"Kiran"}, {u"Dev"},
};
constexpr GivenName kHinduFemale[] = {
    {u"Priya"}, {u"Anjali"}, {u"Sunita"}, {u"Deepa"}, {u"Kavita"}, {u"Neha"}, {u"Pooja"},
    {u"Meera"}, {u"Asha"}, {u"Lakshmi"}, {u"Nisha"}, {u"Rekha"}, {u"Shreya"}, {u"Divya"}, {u"Hema"},
    {u"Bhavna"}, {u"Hansa"}, {u"Jyoti"}, {u"Usha"},
};
constexpr GivenName kSikhMale[] = {
    {u"Gurpal"}, {u"Ranjit"}, {u"Sukhdev"}, {u"Harbhajan"}, {u"Balraj"}, {u"Tejinder"},
    {u"Amarjit"}, {u"Kulwant"}, {u"Jaspal"}, {u"Bhupinder"}, {u"Sandeep"}, {u"Gurvinder"},
};
constexpr GivenName kSikhFemale[] = {
    {u"Simran"}, {u"Harleen"}, {u"Jasleen"}, {u"Navneet"}, {u"Rajwinder"}, {u"Manpreet"},
    {u"Gurleen"}, {u"Kiranjit"}, {u"Amrit"}, {u"Sukhjeet"}, {u"Parminder"}, {u"Balbir"},
};
constexpr GivenName kWestAfricanMale[] = {
    {u"Chinedu"}, {u"Emeka"}, {u"Kwame"}, {u"Kofi"}, {u"Tunde"}, {u"Chidi"}, {u"Obinna"},
    {u"Babajide"}, {u"Femi"}, {u"Ikenna"}, {u"Yaw"}, {u"Kwabena"}, {u"Segun"}, {u"Uchenna"},
    {u"Olumide"}, {u"Kwesi"}, {u"Chukwuemeka"}, {u"Adebayo"}, {u"Abdoulaye"}, {u"Mamadou"},
};
constexpr GivenName kWestAfricanFemale[] = {
    {u"Ngozi"}, {u"Chiamaka"}, {u"Adaeze"}, {u"Amara"}, {u"Chioma"}, {u"Abena"}, {u"Akosua"},
    {u"Funmilayo", u"Funmi"}, {u"Yetunde"}, {u"Nneka"}, {u"Efua"}, {u"Ifeoma"}, {u"Folake"},
    {u"Adwoa"}, {u"Temitope", u"Tope"}, {u"Blessing"}, {u"Precious"}, {u"Aminata"}, {u"Fatoumata"},
    {u"Adjoa"},
};
constexpr GivenName kEastEuropeanMale[] = {
    {u"Piotr"}, {u"Krzysztof"}, {u"Tomasz"}, {u"Paweł"}, {u"Michał"}, {u"Łukasz"}, {u"Jakub"},
    {u"Marek"}, {u"Andrzej"}, {u"Mateusz"}, {u"Wojciech"}, {u"Grzegorz"}, {u"Andrei"}, {u"Mihai"},
    {u"Ion"}, {u"Jonas"}, {u"Dmytro"}, {u"Oleksandr"}, {u"Vasyl"}, {u"Jiří"}, {u"Zoltán"},
    {u"Ivan"}, {u"Dariusz"}, {u"Mindaugas"}, {u"Artūrs"},
};
constexpr GivenName kEastEuropeanFemale[] = {
    {u"Agnieszka", u"Aga"}, {u"Katarzyna", u"Kasia"}, {u"Małgorzata", u"Gosia"}, {u"Joanna"},
    {u"Magdalena", u"Magda"}, {u"Monika"}, {u"Ewa"}, {u"Aleksandra", u"Ola"}, {u"Zofia"},
    {u"Ioana"}, {u"Elena"}, {u"Olena"}, {u"Iryna"}, {u"Daiva"}, {u"Rūta"}, {u"Jurgita"},
    {u"Natalia"}, {u"Oksana"}, {u"Kateřina"}, {u"Zsófia"}, {u"Beata"}, {u"Dorota"}, {u"Marta"},
    {u"Anna"}, {u"Ilze"},
};
constexpr GivenName kChineseMale[] = {
    {u"Wei"}, {u"Jun"}, {u"Hao"}, {u"Jian"}, {u"Ming"}, {u"Zhiwei"}, {u"Haoran"}, {u"Kwok"},
    {u"Chi-Wai"}, {u"Ka-Ho"}, {u"Yong"}, {u"Jiahao"}, {u"Zihan"}, {u"Chun"}, {u"Kin-Man"},
};
constexpr GivenName kChineseFemale[] = {
    {u"Mei"}, {u"Xiu"}, {u"Ying"}, {u"Hui"}, {u"Xiaoling"}, {u"Jing"}, {u"Fang"}, {u"Mei-Ling"},
    {u"Suk-Yee"}, {u"Yan-Ting"}, {u"Wing"}, {u"Qing"}, {u"Xinyi"}, {u"Yuxin"}, {u"Shu"},
};
constexpr GivenName kVietnameseMale[] = {
    {u"Minh"}, {u"Đức"}, {u"Tuấn"}, {u"Hung"}, {u"Quang"}, {u"Duc"}, {u"Tuan"}, {u"Hùng"},
    {u"Thắng"}, {u"Khoa"}, {u"Phong"}, {u"Long"}, {u"Huy"}, {u"Dũng"},
};
constexpr GivenName kVietnameseFemale[] = {
    {u"Linh"}, {u"Hương"}, {u"Thu"}, {u"Mai"}, {u"Ngọc"}, {u"Hoa"}, {u"Huong"}, {u"Ngoc"}, {u"Lan"},
    {u"Trang"}, {u"Thảo"}, {u"Hằng"}, {u"Phương"}, {u"Nhung"},
};
constexpr GivenName kIberianMale[] = {
    {u"José"}, {u"João"}, {u"Luís"}, {u"Javier"}, {u"Carlos"}, {u"Miguel"}, {u"Pedro"}, {u"Rafael"},
    {u"Tiago"}, {u"Alejandro"}, {u"Diogo"}, {u"Manuel"}, {u"Jorge"}, {u"Rui"},
};
constexpr GivenName kIberianFemale[] = {
    {u"María"}, {u"Ana"}, {u"Sofía"}, {u"Inês"}, {u"Beatriz"}, {u"Carmen"}, {u"Lucía"},
    {u"Mariana"}, {u"Joana"}, {u"Isabel"}, {u"Rita"}, {u"Lúcia"}, {u"Paula"}, {u"Mercedes"},
};
constexpr GivenName kNorthEuropeanMale[] = {
    {u"Björn"}, {u"Jürgen"}, {u"Lukas"}, {u"Anders"}, {u"Lars"}, {u"Søren"}, {u"Stefan"}, {u"Sven"},
    {u"Pieter"}, {u"François"}, {u"Thijs"}, {u"Mathieu"}, {u"Klaus"}, {u"Henrik"}, {u"Jörg"},
    {u"Maximilian", u"Max"},
};
constexpr GivenName kNorthEuropeanFemale[] = {
    {u"Anneliese"}, {u"Ingrid"}, {u"Astrid"}, {u"Sigrid"}, {u"Maja"}, {u"Léa"}, {u"Amélie"},
    {u"Élodie"}, {u"Hélène"}, {u"Sanne"}, {u"Femke"}, {u"Katrin"}, {u"Ulrike"}, {u"Solveig"},
    {u"Brigitte"}, {u"Céline"},
};
constexpr GivenName kMediterraneanMale[] = {
    {u"Matteo"}, {u"Giovanni", u"Gianni"}, {u"Mehmet"}, {u"Ahmet"}, {u"Dimitrios", u"Dimitris"},
    {u"Yiannis"}, {u"Alessandro"}, {u"Emre"}, {u"Giorgos"}, {u"Marco"}, {u"Murat"}, {u"Kostas"},
    {u"Luca"}, {u"Hakan"},
};
constexpr GivenName kMediterraneanFemale[] = {
    {u"Giulia"}, {u"Chiara"}, {u"Francesca"}, {u"Elif"}, {u"Ayşe"}, {u"Zeynep"}, {u"Eleni"},
    {u"Alessia"}, {u"Maria"}, {u"Despina"}, {u"Gül"}, {u"Federica"}, {u"Emine"}, {u"Katerina"},
};
constexpr GivenName kMiddleEasternMale[] = {
    {u"Abdirahman"}, {u"Omar"}, {u"Reza"}, {u"Karim"}, {u"Ahmad"}, {u"Mohamed"}, {u"Abdullahi"},
    {u"Mahmoud"}, {u"Dariush"}, {u"Hassan"}, {u"Khalid"}, {u"Said"}, {u"Yasin"}, {u"Samir"},
};
constexpr GivenName kMiddleEasternFemale[] = {
    {u"Fadumo"}, {u"Hodan"}, {u"Leyla"}, {u"Nour"}, {u"Yasmin"}, {u"Hamdi"}, {u"Sahra"},
    {u"Shirin"}, {u"Amal"}, {u"Ladan"}, {u"Hawa"}, {u"Rania"}, {u"Maha"}, {u"Leila"},
};

constexpr FamilyName kEnglishFamily[] = {
    {u"Smith"}, {u"Jones"}, {u"Taylor"}, {u"Brown"}, {u"Williams"}, {u"Wilson"}, {u"Johnson"},
    {u"Davies"}, {u"Robinson"}, {u"Wright"}, {u"Thompson"}, {u"Evans"}, {u"Walker"}, {u"White"},
    {u"Roberts"}, {u"Green"}, {u"Hall"}, {u"Wood"}, {u"Jackson"}, {u"Clarke"}, {u"Harris"},
    {u"Edwards"}, {u"Turner"}, {u"Martin"}, {u"Cooper"}, {u"Hill"}, {u"Ward"}, {u"Hughes"},
    {u"Moore"}, {u"Clark"}, {u"King"}, {u"Harrison"}, {u"Lewis"}, {u"Baker"}, {u"Lee"}, {u"Allen"},
    {u"Morris"}, {u"Scott"}, {u"Watson"}, {u"Davis"}, {u"Parker"}, {u"James"}, {u"Bennett"},
    {u"Young"}, {u"Phillips"}, {u"Richardson"}, {u"Mitchell"}, {u"Bailey"}, {u"Carter"}, {u"Cook"},
    {u"Shaw"}, {u"Bell"}, {u"Collins"}, {u"Morgan"}, {u"Kelly"}, {u"Miller"}, {u"Cox"},
    {u"Marshall"}, {u"Simpson"}, {u"Anderson"}, {u"Ellis"}, {u"Adams"}, {u"Wilkinson"}, {u"Foster"},
    {u"Chapman"}, {u"Mason"}, {u"Webb"}, {u"Rogers"}, {u"Gray"}, {u"Hunt"}, {u"Palmer"},
    {u"Holmes"}, {u"Mills"}, {u"Barnes"}, {u"Knight"}, {u"Lloyd"}, {u"Butler"}, {u"Russell"},
    {u"Barker"}, {u"Fisher"}, {u"Stevens"}, {u"Jenkins"}, {u"Dixon"}, {u"Fletcher"}, {u"Howard"},
    {u"Pearson"}, {u"Graham"}, {u"Hudson"}, {u"Harvey"}, {u"Gibson"}, {u"Pearce"}, {u"Porter"},
    {u"Holland"}, {u"Fox"}, {u"Lawrence"}, {u"Rose"}, {u"Riley"}, {u"Dawson"}, {u"Hart"},
    {u"Spencer"}, {u"Berry"}, {u"Armstrong"}, {u"Andrews"}, {u"Matthews"}, {u"Hancock"}, {u"Kemp"},
    {u"Lamb"}, {u"Newton"}, {u"Payne"}, {u"Reynolds"}, {u"Saunders"}, {u"Sharp"}, {u"Stone"},
    {u"Sutton"}, {u"Thornton"}, {u"Wade"}, {u"Warren"}, {u"Watts"}, {u"Whitehouse"}, {u"Woodward"},
    {u"Yates"}, {u"Atkinson"}, {u"Bishop"}, {u"Booth"}, {u"Bradley"}, {u"Burton"}, {u"Chambers"},
    {u"Dean"}, {u"Elliott"}, {u"Ford"}, {u"Francis"}, {u"Gardner"}, {u"Gill"}, {u"Hammond"},
    {u"Hewitt"}, {u"Jarvis"}, {u"Lowe"}, {u"Lucas"}, {u"Marsh"}, {u"Nicholson"}, {u"Oliver"},
    {u"Parsons"}, {u"Perkins"}, {u"Pollard"}, {u"Randall"}, {u"Rowe"}, {u"Slater"}, {u"Stephenson"},
    {u"Summers"}, {u"Tucker"}, {u"Vincent"}, {u"Webster"}, {u"Wheeler"}, {u"Whitaker"}, {u"Brooks"},
    {u"Middleton"}, {u"Coleman"}, {u"Goodwin"}, {u"Hobbs"}, {u"Nash"}, {u"Rhodes"}, {u"Ashworth"},
    {u"Blackburn"}, {u"Cartwright"}, {u"Fairclough"}, {u"Greenwood"}, {u"Higginbottom"},
    {u"Pickering"}, {u"Sykes"}, {u"Ramsbottom"}, {u"Featherstone"}, {u"Entwistle"},
};
constexpr FamilyName kWelshFamily[] = {
    {u"Jones"}, {u"Davies"}, {u"Williams"}, {u"Evans"}, {u"Thomas"}, {u"Roberts"}, {u"Hughes"},
    {u"Lewis"}, {u"Morgan"}, {u"Griffiths"}, {u"Edwards"}, {u"Owen"}, {u"Rees"}, {u"Price"},
    {u"Jenkins"}, {u"Phillips"}, {u"Powell"}, {u"Lloyd"}, {u"Parry"}, {u"Pritchard"}, {u"Morris"},
    {u"James"}, {u"Howells"}, {u"Bowen"}, {u"Prosser"}, {u"Prys"}, {u"Llewellyn"}, {u"Llywelyn"},
    {u"Vaughan"}, {u"Gwynne"}, {u"Meredith"}, {u"Pugh"}, {u"Probert"}, {u"Bevan"}, {u"Watkins"},
    {u"Rowlands"}, {u"Harries"}, {u"Humphreys"}, {u"Ellis"}, {u"Rhys"}, {u"Gruffydd"}, {u"Gittins"},
    {u"Cadwaladr"}, {u"Maddox"}, {u"Walters"}, {u"Hopkins"}, {u"Rosser"}, {u"Gibbon"}, {u"Beddoe"},
    {u"Nicholas"}, {u"Stephens"}, {u"Mathias"}, {u"Ifans"}, {u"Wyn"}, {u"Glyn"}, {u"Tudur"},
    {u"Dafis"}, {u"Puw"}, {u"Bowen-Jones"}, {u"Lewis-Evans"}, {u"Cadogan"}, {u"Gwilliam"},
    {u"Parri"}, {u"Penry"}, {u"Tanat"}, {u"Emanuel"}, {u"Jarman"}, {u"Elias"}, {u"Bebb"},
    {u"Iorwerth"},
};
// Fathers' names for the Welsh patronymic revival (ap Rhys, ab Owen, ferch Rhys).
constexpr QStringView kWelshPatronyms[] = {
    u"Rhys", u"Dafydd", u"Gruffudd", u"Huw", u"Hywel", u"Emyr", u"Gwilym", u"Llywelyn", u"Siôn",
    u"Tomos", u"Meurig", u"Owen", u"Ieuan", u"Iolo", u"Ifan", u"Aled", u"Emrys", u"Iorwerth",
    u"Einion", u"Ithel", u"Elis", u"Tudur", u"Bleddyn", u"Geraint",
};
// Irish surnames in Irish, as men, daughters and wives carry them (after the DCU sloinnte data).
constexpr FamilyName kIrishGaelicFamily[] = {
    {u"Ó Murchú", u"Ní Mhurchú", u"Uí Mhurchú"},
    {u"Ó Ceallaigh", u"Ní Cheallaigh", u"Uí Cheallaigh"},
    {u"Ó Briain", u"Ní Bhriain", u"Uí Bhriain"},
    {u"Ó Súilleabháin", u"Ní Shúilleabháin", u"Uí Shúilleabháin"},
    {u"Ó Broin", u"Ní Bhroin", u"Uí Bhroin"}, {u"Ó Riain", u"Ní Riain", u"Uí Riain"},
    {u"Breathnach", u"Bhreathnach", u"Bhreathnach"},
    {u"Ó Conchúir", u"Ní Chonchúir", u"Uí Chonchúir"},
    {u"Mac Cárthaigh", u"Nic Cárthaigh", u"Mhic Cárthaigh"},
    {u"Ó Raghallaigh", u"Ní Raghallaigh", u"Uí Raghallaigh"},
    {u"Ó Dúill", u"Ní Dhúill", u"Uí Dhúill"}, {u"Ó Néill", u"Ní Néill", u"Uí Néill"},
    {u"Ó Loingsigh", u"Ní Loingsigh", u"Uí Loingsigh"},
    {u"Mac an Bhaird", u"Nic an Bhaird", u"Mhic an Bhaird"},
    {u"Ó Doinn", u"Ní Dhoinn", u"Uí Dhoinn"}, {u"Mac Donncha", u"Nic Dhonncha", u"Mhic Dhonncha"},
    {u"Mac Gabhann", u"Nic Gabhann", u"Mhic Gabhann"}, {u"Ó Muirí", u"Ní Mhuirí", u"Uí Mhuirí"},
    {u"Ó Coileáin", u"Ní Choileáin", u"Uí Choileáin"}, {u"de Búrca"},
    {u"Ó Cinnéide", u"Ní Chinnéide", u"Uí Chinnéide"},
    {u"Ó Braonáin", u"Ní Bhraonáin", u"Uí Bhraonáin"},
    {u"Ó Dálaigh", u"Ní Dhálaigh", u"Uí Dhálaigh"},
    {u"Ó Gallchóir", u"Ní Ghallchóir", u"Uí Ghallchóir"}, {u"de Paor"},
    {u"Mac Gearailt", u"Nic Gearailt", u"Mhic Gearailt"},
    {u"Ó Nualláin", u"Ní Nualláin", u"Uí Nualláin"}, {u"Ó Coinn", u"Ní Choinn", u"Uí Choinn"},
    {u"Ó Fearail", u"Ní Fhearail", u"Uí Fhearail"}, {u"Ó Conaill", u"Ní Chonaill", u"Uí Chonaill"},
    {u"Ó Floinn", u"Ní Fhloinn", u"Uí Fhloinn"}, {u"Ó Cearúil", u"Ní Chearúil", u"Uí Chearúil"},
    {u"Caomhánach", u"Chaomhánach", u"Chaomhánach"}, {u"Ó Dónaill", u"Ní Dhónaill", u"Uí Dhónaill"},
    {u"Ó Conghaile", u"Ní Chonghaile", u"Uí Chonghaile"},
    {u"Ó Dochartaigh", u"Ní Dhochartaigh", u"Uí Dhochartaigh"},
    {u"Ó Cionaoith", u"Ní Chionaoith", u"Uí Chionaoith"},
    {u"Ó Faoláin", u"Ní Fhaoláin", u"Uí Fhaoláin"}, {u"Ó Dufaigh", u"Ní Dhufaigh", u"Uí Dhufaigh"},
    {u"Ó hÉilí", u"Ní Éilí", u"Uí Éilí"}, {u"Mac Craith", u"Nic Craith", u"Mhic Craith"},
    {u"Ó Cathasaigh", u"Ní Chathasaigh", u"Uí Chathasaigh"},
    {u"Ó Dubhshláine", u"Ní Dhubhshláine", u"Uí Dhubhshláine"}, {u"Ó Sé", u"Ní Shé", u"Uí Shé"},
    {u"Ó Móra", u"Ní Mhóra", u"Uí Mhóra"}, {u"Ó Laoire", u"Ní Laoire", u"Uí Laoire"},
    {u"Ó Meachair", u"Ní Mheachair", u"Uí Mheachair"},
    {u"Mac Suibhne", u"Nic Shuibhne", u"Mhic Shuibhne"},
    {u"Mac Giolla Phádraig", u"Nic Giolla Phádraig", u"Mhic Giolla Phádraig"}, {u"de Barra"},
    {u"Ó Brádaigh", u"Ní Bhrádaigh", u"Uí Bhrádaigh"}, {u"Ó Foghlú", u"Ní Fhoghlú", u"Uí Fhoghlú"},
    {u"Ó hAodha", u"Ní Aodha", u"Uí Aodha"}, {u"Ó Móráin", u"Ní Mhóráin", u"Uí Mhóráin"},
    {u"Ó Catháin", u"Ní Chatháin", u"Uí Chatháin"}, {u"Ó Caoimh", u"Ní Chaoimh", u"Uí Chaoimh"},
    {u"Ó Ceallacháin", u"Ní Cheallacháin", u"Uí Cheallacháin"},
    {u"Ó Gríofa", u"Ní Ghríofa", u"Uí Ghríofa"}, {u"de Róiste"},
    {u"Ó Buachalla", u"Ní Bhuachalla", u"Uí Bhuachalla"}, {u"Seoighe"}, {u"de Brún"},
    {u"Ó Laighin", u"Ní Laighin", u"Uí Laighin"}, {u"de Buitléir"},
    {u"Ó Máirtín", u"Ní Mháirtín", u"Uí Mháirtín"}, {u"Ó Cróinín", u"Ní Chróinín", u"Uí Chróinín"},
    {u"Mac Cormaic", u"Nic Cormaic", u"Mhic Cormaic"}, {u"Ó hÓgáin", u"Ní Ógáin", u"Uí Ógáin"},
    {u"Ó Sirideáin", u"Ní Shirideáin", u"Uí Shirideáin"},
    {u"Ó Flannagáin", u"Ní Fhlannagáin", u"Uí Fhlannagáin"},
    {u"Ó Donnabháin", u"Ní Dhonnabháin", u"Uí Dhonnabháin"},
    {u"Ó Cathail", u"Ní Chathail", u"Uí Chathail"},
    {u"Ó Corcráin", u"Ní Chorcráin", u"Uí Chorcráin"},
    {u"Ó Crualaoich", u"Ní Chrualaoich", u"Uí Chrualaoich"},
    {u"Mac Uidhir", u"Nic Uidhir", u"Mhic Uidhir"}, {u"Ó Cuilinn", u"Ní Chuilinn", u"Uí Chuilinn"},
    {u"Mac Aonghusa", u"Nic Aonghusa", u"Mhic Aonghusa"},
    {u"Mac Aogáin", u"Nic Aogáin", u"Mhic Aogáin"},
    {u"Mac Diarmada", u"Nic Dhiarmada", u"Mhic Dhiarmada"},
    {u"Ó Síocháin", u"Ní Shíocháin", u"Uí Shíocháin"},
    {u"Ó Díomasaigh", u"Ní Dhíomasaigh", u"Uí Dhíomasaigh"},
    {u"Ó Maoldomhnaigh", u"Ní Mhaoldomhnaigh", u"Uí Mhaoldomhnaigh"},
    {u"Mac Eochaidh", u"Nic Eochaidh", u"Mhic Eochaidh"}, {u"Ó hIcí", u"Ní Icí", u"Uí Icí"},
    {u"Ó Maolmhuaidh", u"Ní Mhaolmhuaidh", u"Uí Mhaolmhuaidh"},
    {u"Mac Conmara", u"Nic Conmara", u"Mhic Conmara"}, {u"Ó Ruairc", u"Ní Ruairc", u"Uí Ruairc"},
    {u"Ó Conbhuí", u"Ní Chonbhuí", u"Uí Chonbhuí"},
    {u"Ó Cléirigh", u"Ní Chléirigh", u"Uí Chléirigh"},
    {u"Mac Cuinneagáin", u"Nic Cuinneagáin", u"Mhic Cuinneagáin"},
    {u"Mac Lochlainn", u"Nic Lochlainn", u"Mhic Lochlainn"},
    {u"Ó Tuathail", u"Ní Thuathail", u"Uí Thuathail"},
    {u"Ó Cearnaigh", u"Ní Chearnaigh", u"Uí Chearnaigh"},
    {u"Ó Maonaigh", u"Ní Mhaonaigh", u"Uí Mhaonaigh"},
    {u"Mac Coisteala", u"Nic Coisteala", u"Mhic Coisteala"},
    {u"Ó Drisceoil", u"Ní Dhrisceoil", u"Uí Dhrisceoil"},
    {u"Ó Corráin", u"Ní Chorráin", u"Uí Chorráin"}, {u"Ó hUiginn", u"Ní Uiginn", u"Uí Uiginn"},
    {u"Ó Laoi", u"Ní Laoi", u"Uí Laoi"}, {u"Ó Gormáin", u"Ní Ghormáin", u"Uí Ghormáin"},
    {u"Mac Cathmhaoil", u"Nic Cathmhaoil", u"Mhic Cathmhaoil"},
    {u"Ó Donnghaile", u"Ní Dhonnghaile", u"Uí Dhonnghaile"},
    {u"Ó Baoill", u"Ní Bhaoill", u"Uí Bhaoill"}, {u"Mac Cába", u"Nic Cába", u"Mhic Cába"},
    {u"Ó Muireasa", u"Ní Mhuireasa", u"Uí Mhuireasa"}, {u"Ó Gráda", u"Ní Ghráda", u"Uí Ghráda"},
    {u"Ó Ruanaidh", u"Ní Ruanaidh", u"Uí Ruanaidh"}, {u"Ó Dóláin", u"Ní Dhóláin", u"Uí Dhóláin"},
    {u"Ó Céileachair", u"Ní Chéileachair", u"Uí Chéileachair"},
    {u"Ó Braoin", u"Ní Bhraoin", u"Uí Bhraoin"}, {u"Ó Ciara", u"Ní Chiara", u"Uí Chiara"},
};
// The same families as most people write them in English.
constexpr FamilyName kIrishEnglishFamily[] = {
    {u"Murphy"}, {u"Kelly"}, {u"O'Brien"}, {u"Byrne"}, {u"Ryan"}, {u"O'Sullivan"}, {u"Walsh"},
    {u"O'Connor"}, {u"McCarthy"}, {u"O'Reilly"}, {u"Doyle"}, {u"O'Neill"}, {u"Lynch"}, {u"Dunne"},
    {u"McDonagh"}, {u"Murray"}, {u"Collins"}, {u"Kennedy"}, {u"Brennan"}, {u"Burke"}, {u"Daly"},
    {u"Gallagher"}, {u"Power"}, {u"Fitzgerald"}, {u"Nolan"}, {u"Quinn"}, {u"Farrell"},
    {u"O'Connell"}, {u"Flynn"}, {u"Carroll"}, {u"Kavanagh"}, {u"O'Donnell"}, {u"Connolly"},
    {u"Doherty"}, {u"Kenny"}, {u"Whelan"}, {u"Duffy"}, {u"Healy"}, {u"McGrath"}, {u"Casey"},
    {u"Delaney"}, {u"O'Shea"}, {u"O'Leary"}, {u"Maher"}, {u"Sweeney"}, {u"Fitzpatrick"}, {u"Barry"},
    {u"Brady"}, {u"Foley"}, {u"Hayes"}, {u"Moran"}, {u"Keane"}, {u"O'Keeffe"}, {u"O'Callaghan"},
    {u"Griffin"}, {u"Roche"}, {u"Buckley"}, {u"Joyce"}, {u"Browne"}, {u"Lyons"}, {u"Cronin"},
    {u"McCormack"}, {u"Hogan"}, {u"Sheridan"}, {u"Flanagan"}, {u"O'Donovan"}, {u"Cahill"},
    {u"Corcoran"}, {u"Crowley"}, {u"Maguire"}, {u"Cullen"}, {u"Hennessy"}, {u"Egan"},
    {u"McDermott"}, {u"Sheehan"}, {u"Dempsey"}, {u"Moloney"}, {u"Keogh"}, {u"Barrett"}, {u"Hickey"},
    {u"Molloy"}, {u"Stokes"}, {u"McNamara"}, {u"O'Rourke"}, {u"Conway"}, {u"Cleary"},
    {u"Cunningham"}, {u"McLoughlin"}, {u"O'Toole"}, {u"Kearney"}, {u"Mooney"}, {u"Costello"},
    {u"O'Driscoll"}, {u"Curran"}, {u"Higgins"}, {u"O'Gorman"}, {u"Donnelly"}, {u"Lawlor"},
    {u"Boyle"}, {u"McCabe"}, {u"Morrissey"}, {u"O'Grady"}, {u"Rooney"}, {u"Dolan"}, {u"Dowling"},
    {u"Kelleher"}, {u"Breen"}, {u"Carey"}, {u"Kinsella"}, {u"Malone"}, {u"O'Dwyer"}, {u"Fleming"},
    {u"Cooney"}, {u"Coughlan"}, {u"Gleeson"}, {u"Keating"}, {u"Leahy"}, {u"Dillon"}, {u"Galvin"},
    {u"Heffernan"}, {u"O'Malley"}, {u"Conlon"}, {u"Cummins"}, {u"Dooley"}, {u"Duggan"},
    {u"Hegarty"}, {u"Conroy"}, {u"O'Kelly"}, {u"Mulryan"}, {u"O'Rahilly"},
};
constexpr FamilyName kScottishFamily[] = {
    {u"MacDonald"}, {u"Campbell"}, {u"Stewart"}, {u"Robertson"}, {u"McLeod"}, {u"MacKenzie"},
    {u"Fraser"}, {u"Ross"}, {u"Murray"}, {u"Cameron"}, {u"Grant"}, {u"MacLean"}, {u"McIntyre"},
    {u"Sinclair"}, {u"Munro"}, {u"MacLeod"}, {u"Gunn"}, {u"MacKay"}, {u"Sutherland"}, {u"Buchanan"},
    {u"Ferguson"}, {u"Kerr"}, {u"Douglas"}, {u"Henderson"}, {u"Paterson"}, {u"Hamilton"},
    {u"Crawford"}, {u"MacPherson"}, {u"McGregor"}, {u"Drummond"}, {u"Lindsay"}, {u"Morrison"},
    {u"Urquhart"}, {u"McKenzie"}, {u"Mackintosh"}, {u"MacMillan"}, {u"Boyd"}, {u"Wallace"},
    {u"Forbes"}, {u"Chisholm"}, {u"MacAulay"}, {u"Matheson"}, {u"Macrae"}, {u"Maclachlan"},
    {u"Ogilvie"}, {u"Menzies"}, {u"Baird"}, {u"Gillies"}, {u"McDonald"},
    {u"Mac an t-Saoir", u"Nic an t-Saoir"}, // Scottish Gaelic: women are Nic, as in Irish
};
constexpr FamilyName kMuslimSouthAsianFamily[] = {
    {u"Khan"}, {u"Hussain"}, {u"Ahmed"}, {u"Ali"}, {u"Miah", u"Begum"}, {u"Akhtar"}, {u"Iqbal"},
    {u"Shah"}, {u"Rahman"}, {u"Islam"}, {u"Uddin", u"Khatun"}, {u"Chowdhury"}, {u"Mahmood"},
    {u"Malik"}, {u"Siddiqui"}, {u"Hossain"}, {u"Raza"}, {u"Butt"}, {u"Qureshi"}, {u"Aziz"},
    {u"Bashir"}, {u"Rashid"}, {u"Anwar"}, {u"Saleem"}, {u"Javed"}, {u"Choudhury"}, {u"Begum"},
    {u"Bibi"}, {u"Sheikh"}, {u"Mirza"},
};
constexpr FamilyName kHinduFamily[] = {
    {u"Patel"}, {u"Sharma"}, {u"Gupta"}, {u"Kumar", u"Kumari"}, {u"Mistry"}, {u"Parmar"},
    {u"Chauhan"}, {u"Mehta"}, {u"Joshi"}, {u"Desai"}, {u"Rao"}, {u"Nair"}, {u"Pillai"}, {u"Das"},
    {u"Bose"}, {u"Shah"}, {u"Solanki"}, {u"Lad"}, {u"Chavda"}, {u"Iyer"}, {u"Thakkar"}, {u"Pandya"},
    {u"Varma"}, {u"Reddy"},
};
// Sikh men are Singh and women Kaur; many families also use a family name.
constexpr FamilyName kSikhFamily[] = {
    {u"Singh", u"Kaur"}, {u"Sandhu"}, {u"Gill"}, {u"Dhillon"}, {u"Sidhu"}, {u"Grewal"}, {u"Bains"},
    {u"Johal"}, {u"Atwal"}, {u"Sahota"}, {u"Basra"}, {u"Virdee"}, {u"Kalsi"},
};
constexpr FamilyName kWestAfricanFamily[] = {
    {u"Nwosu"}, {u"Okafor"}, {u"Okonkwo"}, {u"Adeyemi"}, {u"Adebayo"}, {u"Okoro"}, {u"Eze"},
    {u"Obi"}, {u"Mensah"}, {u"Asante"}, {u"Owusu"}, {u"Boateng"}, {u"Bello"}, {u"Balogun"},
    {u"Ogunleye"}, {u"Chukwu"}, {u"Danso"}, {u"Appiah"}, {u"Ibekwe"}, {u"Afolabi"}, {u"Olawale"},
    {u"Kamara"}, {u"Conteh"}, {u"Sesay"}, {u"Diallo"}, {u"Ndiaye"}, {u"Oyelaran"}, {u"Achebe"},
    {u"Okeke"}, {u"Agyeman"}, {u"Osei"}, {u"Ansah"}, {u"Adewale"}, {u"Ogunbiyi"}, {u"Nkemelu"},
    {u"Onuoha"},
};
constexpr FamilyName kEastEuropeanFamily[] = {
    {u"Nowak"}, {u"Kowalski", u"Kowalska"}, {u"Wiśniewski", u"Wiśniewska"}, {u"Wójcik"},
    {u"Kamiński", u"Kamińska"}, {u"Lewandowski", u"Lewandowska"}, {u"Zieliński", u"Zielińska"},
    {u"Szymański", u"Szymańska"}, {u"Woźniak"}, {u"Dąbrowski", u"Dąbrowska"},
    {u"Kozłowski", u"Kozłowska"}, {u"Mazur"}, {u"Jankowski", u"Jankowska"}, {u"Krawczyk"},
    {u"Kaczmarek"}, {u"Grabowski", u"Grabowska"}, {u"Pawlak"}, {u"Michalski", u"Michalska"},
    {u"Nowicki", u"Nowicka"}, {u"Popescu"}, {u"Ionescu"}, {u"Popa"}, {u"Rusu"},
    {u"Petrov", u"Petrova"}, {u"Ivanov", u"Ivanova"},
    {u"Kazlauskas", u"Kazlauskaitė", u"Kazlauskienė"},
    {u"Jankauskas", u"Jankauskaitė", u"Jankauskienė"}, {u"Bērziņš", u"Bērziņa"},
    {u"Novák", u"Nováková"}, {u"Dvořák", u"Dvořáková"}, {u"Horváth"}, {u"Nagy"}, {u"Tóth"},
    {u"Kovalenko"}, {u"Shevchenko"}, {u"Bondarenko"}, {u"Melnyk"},
};
constexpr FamilyName kChineseFamily[] = {
    {u"Zhang"}, {u"Wang"}, {u"Li"}, {u"Chen"}, {u"Liu"}, {u"Chan"}, {u"Wong"}, {u"Yang"},
    {u"Huang"}, {u"Zhao"}, {u"Wu"}, {u"Zhou"}, {u"Lin"}, {u"Cheung"}, {u"Lam"}, {u"Ho"}, {u"Ng"},
    {u"Leung"}, {u"Lau"}, {u"Yeung"}, {u"Tang"}, {u"Xu"}, {u"Sun"}, {u"Ma"}, {u"Guo"}, {u"Tsang"},
    {u"Chow"}, {u"Kwan"},
};
constexpr FamilyName kVietnameseFamily[] = {
    {u"Nguyen"}, {u"Tran"}, {u"Le"}, {u"Pham"}, {u"Hoang"}, {u"Nguyễn"}, {u"Trần"}, {u"Phạm"},
    {u"Lê"}, {u"Vu"}, {u"Dang"}, {u"Bui"}, {u"Do"}, {u"Huynh"}, {u"Vo"}, {u"Đặng"},
};
constexpr FamilyName kIberianFamily[] = {
    {u"da Silva"}, {u"dos Santos"}, {u"Ferreira"}, {u"Pereira"}, {u"Costa"}, {u"Rodrigues"},
    {u"Gonçalves"}, {u"Oliveira"}, {u"García"}, {u"Fernández"}, {u"Rodríguez"}, {u"López"},
    {u"Martínez"}, {u"González"}, {u"Sánchez"}, {u"Pérez"}, {u"Almeida"}, {u"de Sousa"},
};
constexpr FamilyName kNorthEuropeanFamily[] = {
    {u"Müller"}, {u"Schmidt"}, {u"Schneider"}, {u"Fischer"}, {u"Weber"}, {u"Becker"},
    {u"Andersson"}, {u"Johansson"}, {u"Nilsson"}, {u"Björk"}, {u"Larsen"}, {u"Hansen"}, {u"Jensen"},
    {u"de Jong"}, {u"van den Berg"}, {u"Janssen"}, {u"Søndergaard"}, {u"Dubois"}, {u"Lefèvre"},
    {u"Moreau"}, {u"Girard"}, {u"Wagner"}, {u"Schäfer"}, {u"Lindqvist"},
};
constexpr FamilyName kMediterraneanFamily[] = {
    {u"Rossi"}, {u"Russo"}, {u"Bianchi"}, {u"Esposito"}, {u"Romano"}, {u"Yılmaz"}, {u"Kaya"},
    {u"Demir"}, {u"Şahin"}, {u"Çelik"}, {u"Öztürk"}, {u"Papadopoulos"}, {u"Georgiou"},
    {u"Nikolaidis"}, {u"Ricci"}, {u"Colombo"}, {u"Aydın"}, {u"Christodoulou"},
};
constexpr FamilyName kMiddleEasternFamily[] = {
    {u"Mohamed"}, {u"Abdi"}, {u"Hassan"}, {u"Warsame"}, {u"Farah"}, {u"Ahmadi"}, {u"Hosseini"},
    {u"Karimi"}, {u"Haddad"}, {u"Jama"}, {u"Osman"}, {u"Rahimi"}, {u"Mansour"}, {u"Khalil"},
    {u"Aden"}, {u"Nasser"},
};
// clang-format on

// ---------------------------------------------------------------------------------------------
// Communities. Weights per 1000 residents of a council in south Wales with Irish, South Asian,
// African, Polish and other communities.

enum class Culture : quint8
{
    English,
    Welsh,
    IrishEnglish,
    IrishGaelic,
    Scottish,
    MuslimSouthAsian,
    Hindu,
    Sikh,
    WestAfrican,
    EastEuropean,
    Chinese,
    Vietnamese,
    Iberian,
    NorthEuropean,
    Mediterranean,
    MiddleEastern, // incl. Somali, Arab, Persian and Kurdish families
};
constexpr quint32 kCultureWeights[] = {410, 230, 90, 50, 35, 35, 15, 10, 30, 45, 12, 8, 8, 8, 6, 8};
static_assert(std::size(kCultureWeights) == static_cast<std::size_t>(Culture::MiddleEastern) + 1);

enum class Gender : quint8
{
    Male,
    Female,
};

const GivenName &pickEnglishGiven(Gender g, int age, Stream &s)
{
    // Traditional, general, modern: a rough cohort shift rather than a name-by-year table.
    static constexpr quint32 kOld[] = {55, 42, 3};
    static constexpr quint32 kMiddle[] = {12, 73, 15};
    static constexpr quint32 kYoung[] = {2, 38, 60};
    const std::size_t era = age >= 60   ? pickWeighted(kOld, s)
                            : age >= 30 ? pickWeighted(kMiddle, s)
                                        : pickWeighted(kYoung, s);
    if (g == Gender::Male) {
        switch (era) {
        case 0:
            return pickZipf(kEnglishMaleTraditional, s);
        case 1:
            return pickZipf(kEnglishMaleGeneral, s);
        default:
            return pickZipf(kEnglishMaleModern, s);
        }
    }
    switch (era) {
    case 0:
        return pickZipf(kEnglishFemaleTraditional, s);
    case 1:
        return pickZipf(kEnglishFemaleGeneral, s);
    default:
        return pickZipf(kEnglishFemaleModern, s);
    }
}

const GivenName &pickOwnGiven(Culture c, Gender g, Stream &s)
{
    const bool m = g == Gender::Male;
    switch (c) {
    case Culture::Welsh:
        return m ? pickZipf(kWelshMale, s) : pickZipf(kWelshFemale, s);
    case Culture::IrishEnglish:
    case Culture::IrishGaelic:
        return m ? pickZipf(kIrishMale, s) : pickZipf(kIrishFemale, s);
    case Culture::Scottish:
        return m ? pickZipf(kScottishMale, s) : pickZipf(kScottishFemale, s);
    case Culture::MuslimSouthAsian:
        return m ? pickZipf(kMuslimSouthAsianMale, s) : pickZipf(kMuslimSouthAsianFemale, s);
    case Culture::Hindu:
        return m ? pickZipf(kHinduMale, s) : pickZipf(kHinduFemale, s);
    case Culture::Sikh:
        return m ? pickZipf(kSikhMale, s) : pickZipf(kSikhFemale, s);
    case Culture::WestAfrican:
        return m ? pickZipf(kWestAfricanMale, s) : pickZipf(kWestAfricanFemale, s);
    case Culture::EastEuropean:
        return m ? pickZipf(kEastEuropeanMale, s) : pickZipf(kEastEuropeanFemale, s);
    case Culture::Chinese:
        return m ? pickZipf(kChineseMale, s) : pickZipf(kChineseFemale, s);
    case Culture::Vietnamese:
        return m ? pickZipf(kVietnameseMale, s) : pickZipf(kVietnameseFemale, s);
    case Culture::Iberian:
        return m ? pickZipf(kIberianMale, s) : pickZipf(kIberianFemale, s);
    case Culture::NorthEuropean:
        return m ? pickZipf(kNorthEuropeanMale, s) : pickZipf(kNorthEuropeanFemale, s);
    case Culture::Mediterranean:
        return m ? pickZipf(kMediterraneanMale, s) : pickZipf(kMediterraneanFemale, s);
    case Culture::MiddleEastern:
        return m ? pickZipf(kMiddleEasternMale, s) : pickZipf(kMiddleEasternFemale, s);
    case Culture::English:
        break;
    }
    return m ? pickZipf(kEnglishMaleGeneral, s) : pickZipf(kEnglishFemaleGeneral, s);
}

// Per 10000: how often a community's own given names are used rather than English ones.
quint32 ownGivenShare(Culture c)
{
    switch (c) {
    case Culture::English:
        return 0;
    case Culture::Welsh:
        return 4500;
    case Culture::IrishEnglish:
        return 3500;
    case Culture::IrishGaelic:
        return 8800;
    case Culture::Scottish:
        return 3000;
    default:
        return 8000;
    }
}

const FamilyName &pickFamily(Culture c, Stream &s)
{
    switch (c) {
    case Culture::English:
        return pickZipf(kEnglishFamily, s);
    case Culture::Welsh:
        return pickZipf(kWelshFamily, s);
    case Culture::IrishEnglish:
        return pickZipf(kIrishEnglishFamily, s);
    case Culture::IrishGaelic:
        return pickZipf(kIrishGaelicFamily, s);
    case Culture::Scottish:
        return pickZipf(kScottishFamily, s);
    case Culture::MuslimSouthAsian:
        return pickZipf(kMuslimSouthAsianFamily, s);
    case Culture::Hindu:
        return pickZipf(kHinduFamily, s);
    case Culture::Sikh:
        return pickZipf(kSikhFamily, s);
    case Culture::WestAfrican:
        return pickZipf(kWestAfricanFamily, s);
    case Culture::EastEuropean:
        return pickZipf(kEastEuropeanFamily, s);
    case Culture::Chinese:
        return pickZipf(kChineseFamily, s);
    case Culture::Vietnamese:
        return pickZipf(kVietnameseFamily, s);
    case Culture::Iberian:
        return pickZipf(kIberianFamily, s);
    case Culture::NorthEuropean:
        return pickZipf(kNorthEuropeanFamily, s);
    case Culture::Mediterranean:
        return pickZipf(kMediterraneanFamily, s);
    case Culture::MiddleEastern:
        return pickZipf(kMiddleEasternFamily, s);
    }
    return kEnglishFamily[0];
}

QStringView familyForm(const FamilyName &f, Gender g, bool married)
{
    if (g == Gender::Male || f.female.isEmpty()) {
        return f.male;
    }
    if (married && !f.wife.isEmpty()) {
        return f.wife;
    }
    return f.female;
}

// ---------------------------------------------------------------------------------------------
// Dates of birth: ages 16 to 100 at the reference date, flat through working age and thinning
// out after 65 the way a population does.

constexpr int kMinAge = 16;
constexpr int kMaxAge = 100;
constexpr int kAgeCount = kMaxAge - kMinAge + 1;

constexpr std::array<quint32, kAgeCount> ageCumulative()
{
    std::array<quint32, kAgeCount> out{};
    quint32 total = 0;
    for (int i = 0; i < kAgeCount; ++i) {
        const int age = kMinAge + i;
        const int weight = age <= 64 ? 100 : 100 - (age - 64) * 27 / 10;
        total += static_cast<quint32>(weight);
        out[static_cast<std::size_t>(i)] = total;
    }
    return out;
}
constexpr std::array<quint32, kAgeCount> kAgeCumulative = ageCumulative();

int pickAge(Stream &s)
{
    const quint32 r = s.below(kAgeCumulative.back());
    const auto it = std::upper_bound(kAgeCumulative.begin(), kAgeCumulative.end(), r);
    return kMinAge + static_cast<int>(it - kAgeCumulative.begin());
}

// ---------------------------------------------------------------------------------------------
// ASCII folding for e-mail addresses (and for near-duplicates typed without accents).

// U+00C0..U+00FF; '_' means "drop".
constexpr char kLatin1Fold[] = "aaaaaaaceeeeiiiidnooooo_ouuuuyts"
                               "aaaaaaaceeeeiiiidnooooo_ouuuuyty";
static_assert(sizeof(kLatin1Fold) == 64 + 1);
// U+0100..U+017F (Latin Extended-A: Welsh ŵ ŷ, Polish, Czech, Latvian, Lithuanian, Turkish).
constexpr char kLatinExtendedAFold[] = "aaaaaa"
                                       "cccccccc"
                                       "dddd"
                                       "eeeeeeeeee"
                                       "gggggggg"
                                       "hhhh"
                                       "iiiiiiiiii"
                                       "ii"
                                       "jj"
                                       "kkk"
                                       "llllllllll"
                                       "nnnnnnnnn"
                                       "oooooo"
                                       "oo"
                                       "rrrrrr"
                                       "ssssssss"
                                       "tttttt"
                                       "uuuuuuuuuuuu"
                                       "ww"
                                       "yyy"
                                       "zzzzzz"
                                       "s";
static_assert(sizeof(kLatinExtendedAFold) == 128 + 1);

// The lower-case ASCII letter or digit for c, or 0 to drop it.
char16_t foldToAscii(char16_t c)
{
    if (c >= u'a' && c <= u'z') {
        return c;
    }
    if (c >= u'A' && c <= u'Z') {
        return static_cast<char16_t>(c - u'A' + u'a');
    }
    if (c >= u'0' && c <= u'9') {
        return c;
    }
    if (c < 0xC0) {
        return 0;
    }
    char folded = '_';
    if (c <= 0xFF) {
        folded = kLatin1Fold[c - 0xC0];
    } else if (c <= 0x17F) {
        folded = kLatinExtendedAFold[c - 0x100];
    } else {
        // Rare (Vietnamese ễ, ơ, ư…): fall back to Unicode decomposition.
        QChar ch(c);
        for (int depth = 0; depth < 3; ++depth) {
            const QString d = ch.decomposition();
            if (d.isEmpty()) {
                break;
            }
            ch = d.at(0);
        }
        return ch.unicode() < 0x80 ? foldToAscii(ch.unicode()) : char16_t(0);
    }
    return folded == '_' ? char16_t(0) : static_cast<char16_t>(folded);
}

// A field built on the stack, so each becomes exactly one QString allocation (a million
// residents means millions of fields; reallocations showed up in profiles).
class Buffer final
{
public:
    void append(char16_t c)
    {
        if (m_size < kCapacity) {
            m_data[static_cast<std::size_t>(m_size++)] = c;
        }
    }
    void append(QStringView text)
    {
        for (const QChar ch : text) {
            append(ch.unicode());
        }
    }
    // Zero-padded to width digits.
    void appendNumber(int value, int width = 1)
    {
        char16_t digits[12];
        int count = 0;
        do {
            digits[count++] = static_cast<char16_t>(u'0' + value % 10);
            value /= 10;
        } while (value > 0 && count < 12);
        while (count < width && count < 12) {
            digits[count++] = u'0';
        }
        while (count > 0) {
            append(digits[--count]);
        }
    }
    // The lower-case ASCII letters and digits of text; spaces, apostrophes and hyphens dropped.
    void appendFolded(QStringView text)
    {
        for (const QChar ch : text) {
            const char16_t c = foldToAscii(ch.unicode());
            if (c != 0) {
                append(c);
            }
        }
    }
    qsizetype size() const { return m_size; }
    char16_t last() const { return m_size > 0 ? m_data[static_cast<std::size_t>(m_size - 1)] : 0; }
    void chop() { m_size = m_size > 0 ? m_size - 1 : 0; }
    QString toString() const
    {
        return QString(reinterpret_cast<const QChar *>(m_data.data()), m_size);
    }

private:
    static constexpr qsizetype kCapacity = 160;
    std::array<char16_t, kCapacity> m_data;
    qsizetype m_size = 0;
};

// Keeps case: "Siobhán Ó Briain" -> "Siobhan O Briain", as a clerk without the accents would.
QString withoutAccents(const QString &text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar ch : text) {
        if (ch.unicode() < 0x80) {
            out += ch;
            continue;
        }
        const char16_t folded = foldToAscii(ch.unicode());
        if (folded == 0) {
            continue;
        }
        out += ch.isUpper() ? QChar(folded).toUpper() : QChar(folded);
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// Places. Outward codes are real ones for the town; the inward part is drawn from the letters
// Royal Mail allows (no C I K M O V), so every postcode has a valid format.

enum class Landline : quint8
{
    Cardiff,
    London,
    Bristol,
    Birmingham,
    Manchester,
    Liverpool,
    Leeds,
    Fictional, // Ofcom's 01632 "no real area" drama range
};

struct UkArea
{
    quint32 weight;
    QStringView outwards; // space-separated
    QStringView town;
    QStringView townCymraeg; // empty outside Wales
    Landline landline;
};

constexpr UkArea kUkAreas[] = {
    {300, u"CF10 CF11 CF14 CF23 CF24 CF3 CF5", u"Cardiff", u"Caerdydd", Landline::Cardiff},
    {90, u"SA1 SA2 SA4 SA5 SA6", u"Swansea", u"Abertawe", Landline::Fictional},
    {70, u"NP10 NP19 NP20", u"Newport", u"Casnewydd", Landline::Fictional},
    {25, u"LL57", u"Bangor", u"Bangor", Landline::Fictional},
    {20, u"LL55", u"Caernarfon", u"Caernarfon", Landline::Fictional},
    {30, u"LL11 LL13", u"Wrexham", u"Wrecsam", Landline::Fictional},
    {15, u"LL30", u"Llandudno", u"Llandudno", Landline::Fictional},
    {15, u"SY23", u"Aberystwyth", u"Aberystwyth", Landline::Fictional},
    {15, u"SA31", u"Carmarthen", u"Caerfyrddin", Landline::Fictional},
    {20, u"SA15", u"Llanelli", u"Llanelli", Landline::Fictional},
    {25, u"CF37", u"Pontypridd", u"Pontypridd", Landline::Fictional},
    {20, u"CF47", u"Merthyr Tydfil", u"Merthyr Tudful", Landline::Fictional},
    {25, u"CF31", u"Bridgend", u"Pen-y-bont ar Ogwr", Landline::Fictional},
    {20, u"CF62 CF63", u"Barry", u"Y Barri", Landline::Cardiff},
    {20, u"CF83", u"Caerphilly", u"Caerffili", Landline::Cardiff},
    {10, u"CF64", u"Penarth", u"Penarth", Landline::Cardiff},
    {50, u"BS1 BS2 BS3 BS5 BS6 BS7", u"Bristol", {}, Landline::Bristol},
    {15, u"PL1 PL4", u"Plymouth", {}, Landline::Fictional},
    {30, u"M1 M4 M13 M14 M20", u"Manchester", {}, Landline::Manchester},
    {30, u"B1 B5 B11 B12 B29", u"Birmingham", {}, Landline::Birmingham},
    {20, u"L1 L8 L15 L17", u"Liverpool", {}, Landline::Liverpool},
    {40, u"SW1A EC1A WC2N W1A E1W N1C N1 E1 SE1 E17 N16 NW1 SW9", u"London", {}, Landline::London},
    {10, u"GL1", u"Gloucester", {}, Landline::Fictional},
    {8, u"HR1", u"Hereford", {}, Landline::Fictional},
    {10, u"CH1", u"Chester", {}, Landline::Fictional},
    {10, u"LS1 LS6", u"Leeds", {}, Landline::Leeds},
};

struct IrishArea
{
    quint32 weight;
    QStringView routingKeys; // space-separated
    QStringView locality;    // empty for Dublin: "Dublin 6W" is made from the routing key
    bool gaeltacht;
};

constexpr IrishArea kIrishAreas[] = {
    {300, u"D01 D02 D04 D06 D6W D08 D12 D15 D24", {}, false},
    {90, u"T12 T23", u"Cork", false},
    {60, u"H91", u"Galway", false},
    {50, u"V94", u"Limerick", false},
    {30, u"X91", u"Waterford", false},
    {15, u"F91", u"Sligo", false},
    {20, u"A92", u"Drogheda, Co. Louth", false},
    {20, u"A91", u"Dundalk, Co. Louth", false},
    {15, u"R93", u"Carlow", false},
    {15, u"R95", u"Kilkenny", false},
    {15, u"Y35", u"Wexford", false},
    {15, u"V92", u"Tralee, Co. Kerry", false},
    {12, u"E91", u"Clonmel, Co. Tipperary", false},
    {15, u"N37", u"Athlone, Co. Westmeath", false},
    {15, u"V95", u"Ennis, Co. Clare", false},
    {12, u"F92", u"Letterkenny, Co. Donegal", false},
    {10, u"F28", u"Westport, Co. Mayo", false},
    {15, u"C15", u"Navan, Co. Meath", false},
    {20, u"A98", u"Bray, Co. Wicklow", false},
    {20, u"K78", u"Lucan, Co. Dublin", false},
    {8, u"X35", u"Dungarvan, Co. Waterford", false},
    {8, u"P85", u"Clonakilty, Co. Cork", false},
    {15, u"W23", u"Maynooth, Co. Kildare", false},
    {8, u"H91", u"An Spidéal, Co. na Gaillimhe", true},
    {6, u"V92", u"An Daingean, Co. Chiarraí", true},
    {6, u"F92", u"Gaoth Dobhair, Co. Dhún na nGall", true},
};

template <typename Area, std::size_t N>
const Area &pickArea(const Area (&areas)[N], Stream &s)
{
    quint32 total = 0;
    for (const Area &a : areas) {
        total += a.weight;
    }
    quint32 r = s.below(total);
    for (const Area &a : areas) {
        if (r < a.weight) {
            return a;
        }
        r -= a.weight;
    }
    return areas[N - 1];
}

// The k-th of the space-separated tokens, k drawn uniformly.
QStringView pickToken(QStringView list, Stream &s)
{
    qsizetype count = 1;
    for (const QChar ch : list) {
        count += ch == u' ' ? 1 : 0;
    }
    qsizetype wanted = s.below(static_cast<quint32>(count));
    qsizetype start = 0;
    for (qsizetype i = 0; i <= list.size(); ++i) {
        if (i == list.size() || list.at(i) == u' ') {
            if (wanted == 0) {
                return list.mid(start, i - start);
            }
            --wanted;
            start = i + 1;
        }
    }
    return list;
}

// clang-format off
constexpr QStringView kStreetStems[] = {
    u"Church", u"Station", u"Mill", u"Park", u"Victoria", u"Albert", u"High", u"King's", u"Queen's",
    u"Manor", u"Oak", u"Elm", u"Chapel", u"School", u"Castle", u"Bridge", u"Meadow", u"Orchard",
    u"Windsor", u"York", u"Clarence", u"Cathedral", u"Richmond", u"Grange", u"Willow", u"Beech",
    u"Ash", u"Cedar", u"Alexandra", u"Stanley", u"Marlborough", u"Market", u"Hill", u"Brook",
    u"Rose", u"Hawthorn", u"Heath", u"Priory", u"Abbey", u"Mount", u"Wellfield", u"Tudor", u"Glebe",
    u"Vicarage", u"Coronation", u"Jubilee", u"Cromwell", u"Nelson", u"Railway", u"Canal",
    u"Harbour", u"Dock", u"Inverness", u"Tewkesbury", u"Salisbury", u"Clifton", u"Carlton",
    u"Lime Tree", u"Sandringham", u"Woodland", u"Highfield", u"Kingsmead", u"Fairfield",
    u"Moorland",
};
constexpr QStringView kStreetSuffixes[] = {
    u"Road", u"Street", u"Lane", u"Avenue", u"Close", u"Drive", u"Crescent", u"Terrace", u"Way",
    u"Gardens", u"Place", u"Court", u"Grove", u"Hill", u"View", u"Walk", u"Rise", u"Mews",
};
constexpr QStringView kWelshStreets[] = {
    u"Heol y Nant", u"Ffordd yr Eglwys", u"Stryd Fawr", u"Lôn Las", u"Heol Tŷ Gwyn", u"Maes y Coed",
    u"Heol y Castell", u"Ffordd y Môr", u"Stryd y Bont", u"Heol yr Ysgol", u"Bryn Eithin",
    u"Ffordd Tŷ Coch", u"Heol y Parc", u"Lôn y Felin", u"Cae Glas", u"Heol Dyfed",
    u"Rhodfa'r Orsaf", u"Ffordd Glan-y-môr", u"Heol Pen-y-bryn", u"Maes Gwyn", u"Heol y Tŵr",
    u"Lôn y Dŵr", u"Heol Llŷr", u"Rhes y Capel", u"Cilgant y Dderwen", u"Clos y Wern", u"Heol Isaf",
    u"Heol Uchaf",
};
constexpr QStringView kIrishStreets[] = {
    u"Main Street", u"Church Road", u"Strand Road", u"Mill Street", u"Station Road",
    u"Castle Street", u"Bridge Street", u"Parnell Street", u"O'Connell Street", u"Pearse Street",
    u"Patrick Street", u"Rathmines Road", u"Griffith Avenue", u"Seafield Road", u"Dublin Road",
    u"Green Road", u"Ashgrove", u"Oakpark", u"Beechwood Avenue", u"Fairview Terrace",
};
// Street names in Irish: the rule in the Gaeltacht, and seen elsewhere too.
constexpr QStringView kIrishLanguageStreets[] = {
    u"Bóthar na Trá", u"Sráid an Mhuilinn", u"Bóthar an Stáisiúin", u"Bóthar na hEaglaise",
    u"Ascaill na Páirce", u"An Phríomhshráid",
};
constexpr QStringView kIrishTownlands[] = {
    u"Ballymore", u"Knockanore", u"Gortnahoe", u"Carrigeen", u"Cloonfad", u"Derrylea",
    u"Ballinacurra", u"Rathbeg", u"Coolmine", u"Kilbrack", u"Baile an Mhuilinn", u"An Cnoc",
    u"Gort an Choirce", u"Drumkeen",
};
constexpr QStringView kHouseNames[] = {
    u"Rose Cottage", u"Tŷ Gwyn", u"Bryn Awel", u"The Old Rectory", u"Hafod", u"Ivy House",
    u"Glan yr Afon", u"Meadow View", u"Tŷ Newydd", u"The Laurels", u"Pen y Bryn", u"Orchard House",
};
// clang-format on

// Royal Mail's inward-code letters: no C, I, K, M, O or V.
constexpr char kInwardLetters[] = "ABDEFGHJLNPQRSTUWXYZ";
// Eircode's alphabet for the unique identifier: digits and ACDEFHKNPRTVWXY.
constexpr char kEircodeLetters[] = "ACDEFHKNPRTVWXY";
constexpr char kEircodeChars[] = "0123456789ACDEFHKNPRTVWXY";

template <std::size_t N>
char16_t pickChar(const char (&alphabet)[N], Stream &s)
{
    return static_cast<char16_t>(alphabet[s.below(static_cast<quint32>(N - 1))]);
}

int houseNumber(Stream &s)
{
    // Most houses are on the first few dozen numbers of a street.
    return s.chance(7500) ? 1 + static_cast<int>(s.below(40)) : 1 + static_cast<int>(s.below(160));
}

// ---------------------------------------------------------------------------------------------
// Phone numbers: only ranges that are reserved for drama, so a demo never prints a real
// person's number. UK: Ofcom's drama ranges; Ireland: ComReg's (020) 91x xxxx drama range.

QString ukMobile(Stream &s)
{
    const int last = static_cast<int>(s.below(1000));
    static constexpr QStringView kStyles[] = {
        u"07700 900", u"07700 900",    u"07700 900",  u"07700 900",  u"07700900",
        u"07700900",  u"+44 7700 900", u"+447700900", u"07700 900 ", u"(07700) 900",
    };
    Buffer out;
    out.append(pickUniform(kStyles, s));
    out.appendNumber(last, 3);
    return out.toString();
}

QString ukLandline(Landline l, Stream &s)
{
    // The national number split as "area local"; e.g. 29 2018 0xxx.
    QStringView area;
    QStringView local;
    switch (l) {
    case Landline::Cardiff:
        area = u"29";
        local = u"2018 0";
        break;
    case Landline::London:
        area = u"20";
        local = u"7946 0";
        break;
    case Landline::Bristol:
        area = u"117";
        local = u"496 0";
        break;
    case Landline::Birmingham:
        area = u"121";
        local = u"496 0";
        break;
    case Landline::Manchester:
        area = u"161";
        local = u"496 0";
        break;
    case Landline::Liverpool:
        area = u"151";
        local = u"496 0";
        break;
    case Landline::Leeds:
        area = u"113";
        local = u"496 0";
        break;
    case Landline::Fictional:
        area = u"1632";
        local = u"960";
        break;
    }
    const int last = static_cast<int>(s.below(1000));
    Buffer out;
    const quint32 style = s.below(10);
    if (style <= 5) { // "029 2018 0123"
        out.append(u'0');
        out.append(area);
        out.append(u' ');
        out.append(local);
    } else if (style <= 7) { // "02920180123"
        out.append(u'0');
        out.append(area);
        for (const QChar ch : local) {
            if (ch != u' ') {
                out.append(ch.unicode());
            }
        }
    } else if (style == 8) { // "(029) 2018 0123"
        out.append(u"(0");
        out.append(area);
        out.append(u") ");
        out.append(local);
    } else { // "+44 29 2018 0123"
        out.append(u"+44 ");
        out.append(area);
        out.append(u' ');
        out.append(local);
    }
    out.appendNumber(last, 3);
    return out.toString();
}

QString irishPhone(Stream &s)
{
    const int last = static_cast<int>(s.below(100000));
    Buffer out;
    switch (s.below(4)) {
    case 0:
    case 1: // "020 913 4567"
        out.append(u"020 91");
        out.appendNumber(last / 10000);
        out.append(u' ');
        out.appendNumber(last % 10000, 4);
        break;
    case 2: // "+353 20 913 4567"
        out.append(u"+353 20 91");
        out.appendNumber(last / 10000);
        out.append(u' ');
        out.appendNumber(last % 10000, 4);
        break;
    default: // "0209134567"
        out.append(u"02091");
        out.appendNumber(last, 5);
        break;
    }
    return out.toString();
}

// ---------------------------------------------------------------------------------------------
// Ids. makePersonReference() spells the UUID's first 64 bits in base 31, lowest digit first, so
// the first 8 reference characters are the value mod 31^8. Random UUIDs would collide on those
// 8 by the birthday bound (~45% chance somewhere in 1,000,000 residents; references made before
// they grew to 10 characters had only these). The first 64 bits are chosen so that their value
// mod 31^8 is a keyed permutation of the index: even the first 8 characters are unique for every
// index below 31^8, and the UUID still looks random and carries the version-4 and RFC 4122
// variant bits.

constexpr quint64 kReferenceSpace = 852891037441ULL; // 31^8
constexpr quint64 kFeistelBits = 20;
constexpr quint64 kFeistelMask = (1ULL << kFeistelBits) - 1;

quint64 feistel40(quint64 x, quint64 key)
{
    quint64 left = (x >> kFeistelBits) & kFeistelMask;
    quint64 right = x & kFeistelMask;
    for (quint64 round = 0; round < 4; ++round) {
        const quint64 f = mix64(right ^ mix64(key + round)) & kFeistelMask;
        const quint64 nextRight = left ^ f;
        left = right;
        right = nextRight;
    }
    return (left << kFeistelBits) | right;
}

// A bijection of [0, 31^8) by cycle walking a 40-bit Feistel network.
quint64 permuteReferenceSlot(quint64 index, quint64 key)
{
    quint64 x = index;
    do {
        x = feistel40(x, key);
    } while (x >= kReferenceSpace);
    return x;
}

QUuid makeId(quint64 seed, qint64 index)
{
    Stream s(streamKey(seed, index, SaltId));
    quint64 high = 0;
    if (index >= 0 && static_cast<quint64>(index) < kReferenceSpace) {
        const quint64 slot = permuteReferenceSlot(static_cast<quint64>(index),
                                                  mix64(seed ^ (kGolden * SaltFeistel)));
        // high = q * 31^8 + slot, with q chosen so the version nibble (bits 12..15) reads 4.
        const quint64 qCount = (~0ULL - slot) / kReferenceSpace + 1;
        quint64 q = s.next() % qCount;
        for (;;) {
            high = q * kReferenceSpace + slot;
            if (((high >> 12) & 0xF) == 4) {
                break;
            }
            q = q + 1 < qCount ? q + 1 : 0;
        }
    } else {
        high = (s.next() & ~0xF000ULL) | 0x4000ULL;
    }
    const quint64 low = (s.next() & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;
    return QUuid(
        static_cast<uint>(high >> 32), static_cast<ushort>(high >> 16), static_cast<ushort>(high),
        static_cast<uchar>(low >> 56), static_cast<uchar>(low >> 48), static_cast<uchar>(low >> 40),
        static_cast<uchar>(low >> 32), static_cast<uchar>(low >> 24), static_cast<uchar>(low >> 16),
        static_cast<uchar>(low >> 8), static_cast<uchar>(low));
}

// ---------------------------------------------------------------------------------------------
// The person's identity (name, sex, date of birth), separate from where they live so that a
// near-duplicate can copy another index's identity.

struct Identity
{
    QString givenName;
    QString familyName;
    QString preferredName;
    QDate dateOfBirth;
    Culture culture = Culture::English;
    Gender gender = Gender::Female;
};

// Cultures whose plain family names combine into double-barrelled ones.
constexpr Culture kBarrelCultures[] = {
    Culture::English,      Culture::Welsh,       Culture::IrishEnglish,
    Culture::Scottish,     Culture::WestAfrican, Culture::Hindu,
    Culture::EastEuropean, Culture::Iberian,     Culture::MuslimSouthAsian,
};

Identity makeIdentity(quint64 seed, qint64 index, QDate reference)
{
    Stream s(streamKey(seed, index, SaltCore));
    Identity id;

    const int age = pickAge(s);
    const QDate latest = reference.addYears(-age);                  // turned `age` today
    const QDate earliest = reference.addYears(-age - 1).addDays(1); // turns age + 1 tomorrow
    const qint64 span = earliest.daysTo(latest) + 1;
    id.dateOfBirth = earliest.addDays(s.below(static_cast<quint32>(span)));

    id.gender = s.chance(5100) ? Gender::Female : Gender::Male;
    id.culture = static_cast<Culture>(pickWeighted(kCultureWeights, s));

    // Family name.
    const bool married = id.gender == Gender::Female && age >= 24 && s.chance(4500);
    if (id.culture == Culture::Welsh && s.chance(300)) {
        // The Welsh patronymic revival: ap/ab for sons, ferch for daughters.
        const QStringView father = pickUniform(kWelshPatronyms, s);
        if (id.gender == Gender::Female) {
            id.familyName = u"ferch " % father;
        } else {
            const bool vowel = QStringView(u"AEIOU").contains(father.front());
            id.familyName = (vowel ? u"ab " : u"ap ") % father;
        }
    } else {
        id.familyName = str(familyForm(pickFamily(id.culture, s), id.gender, married));
    }
    if (id.culture != Culture::IrishGaelic && id.culture != Culture::Chinese &&
        id.culture != Culture::Vietnamese && s.chance(280)) {
        // Double-barrelled: O'Brien-Nwosu, Nwosu-Jones, Kowalska-Evans.
        const Culture other = pickUniform(kBarrelCultures, s);
        const QStringView second = familyForm(pickFamily(other, s), id.gender, married);
        if (!id.familyName.contains(u' ') && !second.contains(u' ') && !second.contains(u'-') &&
            !id.familyName.contains(u'-') && second != id.familyName) {
            if (s.chance(5000)) {
                id.familyName = id.familyName % u'-' % second;
            } else {
                id.familyName = second % u'-' % id.familyName;
            }
        }
    }

    // Given name and the name they prefer.
    const bool own = s.chance(ownGivenShare(id.culture));
    const GivenName &given =
        own ? pickOwnGiven(id.culture, id.gender, s)
            : (id.culture == Culture::English && s.chance(800)
                   ? pickOwnGiven(s.chance(5000) ? Culture::Welsh : Culture::IrishEnglish,
                                  id.gender, s)
                   : pickEnglishGiven(id.gender, age, s));
    id.givenName = str(given.name);
    if (!given.nick.isEmpty() && s.chance(3000)) {
        id.preferredName = str(given.nick);
    } else if (own && (id.culture == Culture::Chinese || id.culture == Culture::Vietnamese) &&
               s.chance(3000)) {
        // Many British-Chinese and Vietnamese residents also go by an English name.
        id.preferredName = str(pickEnglishGiven(id.gender, age, s).name);
    }
    return id;
}

// Near-duplicates as real councils have them: the same person registered twice (same name and
// date of birth, another address, sometimes typed without accents) and namesakes.
constexpr quint32 kTwinPerTenThousand = 40;      // same name and date of birth
constexpr quint32 kNamesakePerTenThousand = 100; // same full name, another birthday
constexpr quint64 kTwinWindow = 5000;            // borrow from a recent index, so slices have pairs

struct TwinChoice
{
    qint64 source = -1;
    bool sameBirthday = false;
    bool withoutAccents = false;
};

// The first draw of an index's twin stream decides whether it copies someone.
bool isCopy(quint64 seed, qint64 index)
{
    Stream s(streamKey(seed, index, SaltTwin));
    return index > 0 && s.below(10000) < kTwinPerTenThousand + kNamesakePerTenThousand;
}

TwinChoice twinChoice(quint64 seed, qint64 index)
{
    TwinChoice choice;
    if (index <= 0) {
        return choice;
    }
    Stream s(streamKey(seed, index, SaltTwin));
    const quint32 roll = s.below(10000);
    if (roll >= kTwinPerTenThousand + kNamesakePerTenThousand) {
        return choice;
    }
    const quint64 window = std::min<quint64>(static_cast<quint64>(index), kTwinWindow);
    const qint64 source = index - 1 - static_cast<qint64>(s.next() % window);
    // Copy only from someone who is not a copy themselves, so a person never depends on a
    // chain of others (and stays cheap to generate on its own).
    if (isCopy(seed, source)) {
        return choice;
    }
    choice.source = source;
    choice.sameBirthday = roll < kTwinPerTenThousand;
    choice.withoutAccents = choice.sameBirthday && s.chance(2500);
    return choice;
}

} // namespace

DemoDataGenerator::DemoDataGenerator(quint64 seed)
    : m_seed(seed)
{}

QDate DemoDataGenerator::referenceDate()
{
    return QDate(2026, 11, 23);
}

Person DemoDataGenerator::person(qint64 index) const
{
    const QDate reference = referenceDate();
    Person p;
    p.id = makeId(m_seed, index);
    p.reference = makePersonReference(p.id);

    Identity identity = makeIdentity(m_seed, index, reference);
    const TwinChoice twin = twinChoice(m_seed, index);
    if (twin.source >= 0) {
        Identity source = makeIdentity(m_seed, twin.source, reference);
        if (!twin.sameBirthday) {
            source.dateOfBirth = identity.dateOfBirth;
        }
        if (twin.withoutAccents) {
            source.givenName = withoutAccents(source.givenName);
            source.familyName = withoutAccents(source.familyName);
        }
        identity = std::move(source);
    }
    p.givenName = identity.givenName;
    p.familyName = identity.familyName;
    p.preferredName = identity.preferredName;
    p.dateOfBirth = identity.dateOfBirth;

    Stream s(streamKey(m_seed, index, SaltContact));

    // Where they live: ~15% in Ireland, far more often for Irish families.
    quint32 irishShare = 620;
    if (identity.culture == Culture::IrishGaelic) {
        irishShare = 8500;
    } else if (identity.culture == Culture::IrishEnglish) {
        irishShare = 6000;
    }
    const bool inIreland = s.chance(irishShare);

    // The street is one name or stem + suffix; the locality a town or "Dublin" + district.
    QStringView street;
    QStringView streetSuffix;
    QStringView localityPrefix;
    QStringView locality;
    bool hasNumber = true;
    if (inIreland) {
        const IrishArea &area = pickArea(kIrishAreas, s);
        const QStringView key = pickToken(area.routingKeys, s);
        Buffer code;
        code.append(key);
        code.append(u' ');
        code.append(pickChar(kEircodeLetters, s));
        for (int i = 0; i < 3; ++i) {
            code.append(pickChar(kEircodeChars, s));
        }
        p.postcode = code.toString();
        if (area.locality.isEmpty()) {
            // D02 -> "Dublin 2", D6W -> "Dublin 6W".
            localityPrefix = u"Dublin ";
            locality = key.at(1) == u'0' ? key.mid(2) : key.mid(1);
        } else {
            locality = area.locality;
        }
        if (area.gaeltacht || s.chance(1200)) {
            street = pickUniform(kIrishLanguageStreets, s);
        } else {
            street = pickZipf(kIrishStreets, s);
        }
        if (!area.locality.isEmpty() && s.chance(2500)) {
            // Rural addresses are often a townland with no number.
            street = pickUniform(kIrishTownlands, s);
            hasNumber = false;
        }
        if (s.chance(9000)) {
            p.phone = irishPhone(s);
        }
    } else {
        const UkArea &area = pickArea(kUkAreas, s);
        Buffer code;
        code.append(pickToken(area.outwards, s));
        code.append(u' ');
        code.append(static_cast<char16_t>(u'0' + s.below(10)));
        code.append(pickChar(kInwardLetters, s));
        code.append(pickChar(kInwardLetters, s));
        p.postcode = code.toString();
        const bool wales = !area.townCymraeg.isEmpty();
        locality = wales && s.chance(1200) ? area.townCymraeg : area.town;
        if (wales && s.chance(3500)) {
            street = pickUniform(kWelshStreets, s);
        } else {
            street = pickZipf(kStreetStems, s);
            streetSuffix = pickZipf(kStreetSuffixes, s);
        }
        // Landlines follow the area.
        if (s.chance(9000)) {
            p.phone = s.chance(6200) ? ukMobile(s) : ukLandline(area.landline, s);
        }
    }

    QStringView houseName;
    if (hasNumber && s.chance(400)) {
        houseName = pickUniform(kHouseNames, s);
        hasNumber = false;
    }
    Buffer address;
    if (s.chance(600)) {
        // A flat on a second line, as the address label has it.
        address.append(u"Flat ");
        address.appendNumber(1 + static_cast<int>(s.below(24)));
        address.append(u'\n');
    }
    if (hasNumber) {
        address.appendNumber(houseNumber(s));
        address.append(u' ');
    } else if (!houseName.isEmpty()) {
        address.append(houseName);
        address.append(u", ");
    }
    address.append(street);
    if (!streetSuffix.isEmpty()) {
        address.append(u' ');
        address.append(streetSuffix);
    }
    address.append(u", ");
    address.append(localityPrefix);
    address.append(locality);
    p.address = address.toString();

    // E-mail: ~60% give one, made from the name as people do, at reserved domains only.
    if (s.chance(6000)) {
        const QString &given =
            (!p.preferredName.isEmpty() && s.chance(3000)) ? p.preferredName : p.givenName;
        Buffer email;
        const quint32 style = s.below(10);
        if (style <= 4) { // given.family
            email.appendFolded(given);
            email.append(u'.');
            email.appendFolded(p.familyName);
        } else if (style <= 6) { // givenfamily
            email.appendFolded(given);
            email.appendFolded(p.familyName);
        } else if (style == 7) { // g.family
            Buffer first;
            first.appendFolded(given);
            if (first.size() > 0) {
                email.append(first.toString().front().unicode());
                email.append(u'.');
            }
            email.appendFolded(p.familyName);
        } else { // family.given
            email.appendFolded(p.familyName);
            email.append(u'.');
            email.appendFolded(given);
        }
        while (email.last() == u'.') {
            email.chop();
        }
        if (email.size() > 0) {
            if (s.chance(3500)) {
                email.appendNumber(s.chance(5000) ? p.dateOfBirth.year()
                                                  : 1 + static_cast<int>(s.below(99)));
            }
            static constexpr QStringView kDomains[] = {u"@example.org", u"@example.com",
                                                       u"@example.net"};
            static constexpr quint32 kDomainWeights[] = {45, 40, 15};
            email.append(kDomains[pickWeighted(kDomainWeights, s)]);
            p.email = email.toString();
        }
    }
    return p;
}

QList<Person> DemoDataGenerator::people(qint64 first, qint64 count) const
{
    QList<Person> out;
    if (count <= 0) {
        return out;
    }
    out.reserve(count);
    for (qint64 i = 0; i < count; ++i) {
        out.append(person(first + i));
    }
    return out;
}

} // namespace FirstStop
