// Recording stand-in (ours) for the CleverTap iOS SDK: every call is kept with its arguments as passed.
#import <Foundation/Foundation.h>

typedef enum { CleverTapLogOff = -1, CleverTapLogInfo = 0, CleverTapLogDebug = 1 } CleverTapLogLevel;

@interface CleverTap : NSObject
+ (instancetype)sharedInstance;
+ (void)setCredentialsWithAccountID:(NSString *)accountID token:(NSString *)token region:(NSString *)region;
+ (void)setCredentialsWithAccountID:(NSString *)accountID andToken:(NSString *)token;
+ (void)setDebugLevel:(int)level;
+ (NSMutableArray *)recordedCalls;
- (void)setLibrary:(NSString *)name;
- (void)setCustomSdkVersion:(NSString *)name version:(int)version;
- (void)notifyApplicationLaunchedWithOptions:(NSDictionary *)launchOptions;
- (void)profilePush:(NSDictionary *)properties;
- (void)onUserLogin:(NSDictionary *)properties;
- (void)recordEvent:(NSString *)event;
- (void)recordEvent:(NSString *)event withProps:(NSDictionary *)properties;
- (void)recordChargedEventWithDetails:(NSDictionary *)chargeDetails andItems:(NSArray *)items;
- (void)recordScreenView:(NSString *)screenName;
- (void)recordErrorWithMessage:(NSString *)message andErrorCode:(int)code;
- (void)setPushToken:(NSData *)pushToken;
- (void)handleNotificationWithData:(id)data;
@end
